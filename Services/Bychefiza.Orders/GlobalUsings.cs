global using Bychefiza.Orders.Extensions;
global using Bychefiza.Orders.Apis;
