namespace KartraDashboard.Storage;

/// <summary>
/// Addition for kept money figures that never throws. Amounts beyond a billion are counted
/// nowhere, but a file written before that rule may already hold one near decimal's limit, and
/// a figure that throws on every later add would block that day, that lead and every report.
/// </summary>
public static class Sums
{
    /// <summary>a + b, held at decimal's limit instead of overflowing.</summary>
    public static decimal Add(decimal a, decimal b)
    {
        try
        {
            return a + b;
        }
        catch (OverflowException)
        {
            return a > 0 ? decimal.MaxValue : decimal.MinValue;
        }
    }

    public static decimal Total<T>(IEnumerable<T> items, Func<T, decimal> amount) =>
        items.Aggregate(0m, (sum, item) => Add(sum, amount(item)));
}
