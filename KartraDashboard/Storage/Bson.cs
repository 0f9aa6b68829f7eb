using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>The one way stored values are read back: absent fields come back as BSON null.</summary>
internal static class Bson
{
    public static string? Str(BsonValue v) => v.IsNull ? null : v.IsString ? v.AsString : v.ToString();

    public static int? Int(BsonValue v) => v.IsNumber ? v.AsInt32 : null;

    public static decimal? Decimal(BsonValue v) => v.IsNull ? null : v.AsDecimal;

    /// <summary>A count as the smallest integer that holds it: stored in every event, four bytes each time.</summary>
    public static BsonValue Compact(long n) => n is >= int.MinValue and <= int.MaxValue ? new BsonValue((int)n) : new BsonValue(n);

    /// <summary>A flag stored only when set.</summary>
    public static bool Flag(BsonValue v) => v.IsBoolean && v.AsBoolean;

    /// <summary>LiteDB keeps dates without their kind; every stored date is UTC.</summary>
    public static DateTimeOffset Utc(BsonValue v) => new(DateTime.SpecifyKind(v.AsDateTime, DateTimeKind.Utc));
}
