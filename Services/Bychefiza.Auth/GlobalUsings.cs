global using Bychefiza.Auth.Extensions;
