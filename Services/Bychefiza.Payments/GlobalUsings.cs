global using Bychefiza.Payments.Apis;
global using Bychefiza.Payments.Extensions;
