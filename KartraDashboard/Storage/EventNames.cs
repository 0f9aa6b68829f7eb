using LiteDB;
using L = KartraDashboard.Storage.Schema.Leads;
using S = KartraDashboard.Storage.Schema.Subjects;

namespace KartraDashboard.Storage;

/// <summary>
/// The names an event shows that its document leaves to its lead and its subject: the lead's
/// email and name as they are now, and the subject's latest name (see <see cref="EventDocs.ToItem"/>).
/// Each lead and subject is read once for a list; the writer tells what it has just written instead.
/// </summary>
internal sealed class EventNames(Database db)
{
    private readonly Dictionary<string, (string? Email, string? Name)> _leads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _subjects = new(StringComparer.Ordinal);

    public (string? Email, string? Name) Lead(string leadId)
    {
        if (_leads.TryGetValue(leadId, out var known)) return known;
        var lead = LeadLookup.Exact(db, leadId);
        return _leads[leadId] = lead is null ? (null, null) : (Bson.Str(lead[L.Email]), Bson.Str(lead[L.Name]));
    }

    public string? Subject(string group)
    {
        if (_subjects.TryGetValue(group, out var known)) return known;
        var subject = db.Collection(S.Collection).FindById(SubjectGroup.DocumentId(group));
        return _subjects[group] = subject is null ? null : Bson.Str(subject[S.Name]);
    }

    public void KnowLead(string leadId, string? email, string? name) => _leads[leadId] = (email, name);

    public void KnowSubject(string group, string? name) => _subjects[group] = name;

    public void Forget()
    {
        _leads.Clear();
        _subjects.Clear();
    }
}
