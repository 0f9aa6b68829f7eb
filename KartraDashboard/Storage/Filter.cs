using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// Filters on a field with their values passed as parameters. LiteDB's <c>Query.EQ</c>,
/// <c>Query.Between</c> and the like write the value into the expression's text, and LiteDB
/// compiles each distinct text once and keeps it for the life of the process: a filter per lead,
/// day or cursor would grow that cache with every read. These keep one text per shape, and LiteDB
/// reads them through the field's index just the same.
/// </summary>
internal static class Filter
{
    public static BsonExpression Eq(string field, BsonValue value) => Create(field, "= @0", value);

    public static BsonExpression Between(string field, BsonValue low, BsonValue high) => Create(field, "BETWEEN @0 AND @1", low, high);

    public static BsonExpression Gt(string field, BsonValue value) => Create(field, "> @0", value);

    public static BsonExpression Gte(string field, BsonValue value) => Create(field, ">= @0", value);

    public static BsonExpression Lt(string field, BsonValue value) => Create(field, "< @0", value);

    public static BsonExpression In(string field, BsonArray values) => Create(field, "IN @0", values);

    private static BsonExpression Create(string field, string test, params BsonValue[] values) =>
        BsonExpression.Create($"$.{field} {test}", values);
}
