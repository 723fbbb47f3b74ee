global using Bychefiza.Products.Extensions;
global using Bychefiza.Products.Apis;
