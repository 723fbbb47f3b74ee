global using Bychefiza.Users.Extensions;
