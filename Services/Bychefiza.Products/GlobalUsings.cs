global using Bychefiza.Products.Extensions;
