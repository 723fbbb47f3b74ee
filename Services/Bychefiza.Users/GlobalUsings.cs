global using Bychefiza.Users.Extensions;
global using Bychefiza.Users.Apis;
