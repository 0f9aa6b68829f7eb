using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KartraDashboard.Storage;

/// <summary>
/// The one format of the index keys that sort a group's items by position (an action's or a
/// lead's events by id, a product's or a type's transactions by date, a GDPR status's leads by
/// latest activity), so that a page is one ordered range read and a count is two seeks.
/// </summary>
/// <remarks>
/// LiteDB compares strings with the collation the file was created with: a culture's, ignoring
/// case. Such a collation ignores control characters altogether and finds "A" equal to "a", so a
/// key must not rely on either: the group is written in an alphabet whose characters the
/// collation tells apart (digits, lower-case ASCII letters and '_'; anything else escaped as
/// '.' and four hex digits), and the separator '!' sorts below every character of that alphabet.
/// The keys of one group then sort together, apart from every other group's (group "1" before
/// "10", "a" apart from "A"). Reads still check the exact group of every key they take. Positions
/// are written in base 36 (digits, then lower-case letters, which the collation orders alike) at a
/// fixed width, so they sort as numbers do in fewer characters: every key is stored twice, in its
/// document and in its index.
/// </remarks>
internal static class Keys
{
    public const char Separator = '!';
    private const char Escape = '.';

    /// <summary>Eight base-36 digits: room for over two trillion events.</summary>
    public const long MaxId = 2_821_109_907_455;

    private const int IdWidth = 8, TicksWidth = 12;

    /// <summary>The stored format of the keys; older files are rewritten once at start (see <see cref="Ledger.RewriteKeys"/>).</summary>
    public const int Format = 5;

    public static string Of(string group, long id) => Prefix(group) + Base36(Math.Clamp(id, 0, MaxId), IdWidth);

    public static string Lowest(string group) => Of(group, 0);

    /// <summary>The group a key of <see cref="Of"/> or <see cref="Dated"/> was made for, as it was given.</summary>
    public static string GroupOf(string key)
    {
        var encoded = key.AsSpan(0, key.LastIndexOf(Separator));
        if (!encoded.Contains(Escape)) return encoded.ToString();
        var sb = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != Escape) sb.Append(encoded[i]);
            else
            {
                sb.Append((char)int.Parse(encoded.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
        }
        return sb.ToString();
    }

    public static string Highest(string group) => Of(group, MaxId);

    /// <summary>
    /// A member's key in a group whose order is read elsewhere (a GDPR status's leads): the same
    /// for every member, so it changes only when the membership does, and inside the group's
    /// range, so keys written with a position before read alike.
    /// </summary>
    public static string Member(string group) => Lowest(group);

    /// <summary>
    /// The key of one member of a group where each pair is one document (a subject's leads): the
    /// group digested to a fixed width, then the member, so any group and member fit LiteDB's
    /// 1,023-byte keys and a group's members are one range (<see cref="PairRange"/>). A member that
    /// is a number (as Kartra's lead ids are) is written as one, zero-padded, so that newer ones go
    /// to the end of their group's range, beside the last written; any other is digested too.
    /// </summary>
    public static string Pair(string group, string member) =>
        Digest(group) + (IsNumber(member) ? "0" + member.PadLeft(DigestWidth, '0') : "1" + Digest(member));

    /// <summary>Digits with no leading zero ("01" padded would meet "1"), no more than fit.</summary>
    private static bool IsNumber(string member) =>
        member.Length is > 0 and <= DigestWidth && member.All(char.IsAsciiDigit) && (member[0] != '0' || member.Length == 1);

    public static (string Low, string High) PairRange(string group)
    {
        var prefix = Digest(group);
        return (prefix + new string('0', DigestWidth + 1), prefix + "1" + new string('f', DigestWidth));
    }

    /// <summary>Lower-case hex of 128 bits of SHA-256: no two groups or members of one store meet.</summary>
    private static string Digest(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..(DigestWidth / 2)]);
    }

    private const int DigestWidth = 32;

    /// <summary>A group's items ordered by time (transactions of a type or of a product).</summary>
    public static string Dated(string group, DateTime date) => Prefix(group) + Base36(date.Ticks, TicksWidth);

    /// <summary>
    /// Text matched in part (never by range), placed by a time: its index keeps such keys in time
    /// order, so a new lead's key goes to the index's end, beside the last one written, and not to
    /// a page of its own somewhere in the middle (see <see cref="PlacedText"/>).
    /// </summary>
    public static string Placed(DateTime at, string text) => Base36(at.Ticks, TicksWidth) + Separator + Cut(text);

    /// <summary>The text of a key of <see cref="Placed"/>: only this part is matched.</summary>
    public static string PlacedText(string key) => key.Length > TicksWidth && key[TicksWidth] == Separator ? key[(TicksWidth + 1)..] : key;

    /// <summary>The most characters of ping text that become a key or a name kept in a figure (LiteDB refuses keys over 1,023 bytes).</summary>
    public const int MaxTextLength = 200;

    /// <summary>Ping text cut to <see cref="MaxTextLength"/>, so what a ping sends cannot grow a key or a kept figure.</summary>
    public static string Cut(string text) => text.Length > MaxTextLength ? text[..MaxTextLength] : text;

    /// <summary>Whether a stored key belongs to exactly this group (compared ordinally, as the collation does not).</summary>
    public static bool IsIn(string key, string group) => key.StartsWith(Prefix(group), StringComparison.Ordinal);

    /// <summary>A day as the day collections key it: yyyy-MM-dd, which sorts as dates do.</summary>
    public static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>The day a day collection's key names.</summary>
    public static DateOnly ParseDay(string key) => DateOnly.ParseExact(key, DayFormat, CultureInfo.InvariantCulture);

    private static string Base36(long value, int width)
    {
        Span<char> digits = stackalloc char[width];
        for (var i = width - 1; i >= 0; i--, value /= 36)
        {
            var d = (int)(value % 36);
            digits[i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        }
        return new string(digits);
    }

    private static string Prefix(string group) => Encode(group) + Separator;

    private static string Encode(string group)
    {
        if (group.All(IsPlain)) return group;
        var sb = new StringBuilder(group.Length * 2);
        foreach (var c in group)
        {
            if (IsPlain(c)) sb.Append(c);
            else sb.Append(Escape).Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool IsPlain(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'z' or '_';
}
