using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Data;

/// <summary>pg_trgm's functions, for the typo-tolerant fallback of search.</summary>
public static class Trigrams
{
    /// <summary><c>word_similarity(search, text)</c>: how well <paramref name="search"/> matches some run of words in <paramref name="text"/> (0 to 1).</summary>
    public static double WordSimilarity(string search, string text) => throw new InvalidOperationException("Only for queries translated to SQL.");

    internal static void Map(ModelBuilder builder) =>
        builder.HasDbFunction(typeof(Trigrams).GetMethod(nameof(WordSimilarity))!).HasName("word_similarity").IsBuiltIn();
}
