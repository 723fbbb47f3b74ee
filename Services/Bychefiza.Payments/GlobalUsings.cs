global using Bychefiza.Payments.Extensions;
