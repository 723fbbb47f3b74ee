global using Bychefiza.Orders.Extensions;
