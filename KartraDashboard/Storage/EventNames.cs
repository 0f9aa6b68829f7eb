using LiteDB;
using L = KartraDashboard.Storage.Schema.Leads;
using S = KartraDashboard.Storage.Schema.Subjects;

namespace KartraDashboard.Storage;

/// <summary>
/// The names an event shows that its document leaves to its lead and its subject: those they had
/// when it was stored, from their current names and their <see cref="FormerNames"/> (see
/// <see cref="EventDocs.ToItem"/>). Each lead and subject is read once for a list; the writer
/// tells what it has just written instead.
/// </summary>
internal sealed class EventNames(Database db)
{
    private readonly Dictionary<string, (string? Email, string? Name, BsonValue Former)> _leads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Name, BsonValue Former)> _subjects = new(StringComparer.Ordinal);

    public (string? Email, string? Name) Lead(string leadId, long eventId)
    {
        if (!_leads.TryGetValue(leadId, out var lead))
        {
            var doc = LeadLookup.Exact(db, leadId);
            _leads[leadId] = lead = doc is null ? (null, null, BsonValue.Null) : (Bson.Str(doc[L.Email]), Bson.Str(doc[L.Name]), doc[L.FormerNames]);
        }
        return FormerNames.Before(lead.Former, eventId) ?? (lead.Email, lead.Name);
    }

    public string? Subject(string group, long eventId)
    {
        if (!_subjects.TryGetValue(group, out var subject))
        {
            var doc = db.Collection(S.Collection).FindById(SubjectGroup.DocumentId(group));
            _subjects[group] = subject = doc is null ? (null, BsonValue.Null)
                : (Bson.Str(doc[S.EventName]), doc[S.FormerNames]);
        }
        return FormerNames.Before(subject.Former, eventId) is { } former ? former.Name : subject.Name;
    }

    /// <summary>The names the event just appended shows: its lead's and its subject's current ones.</summary>
    public void KnowLead(string leadId, string? email, string? name) => _leads[leadId] = (email, name, BsonValue.Null);

    public void KnowSubject(string group, string? name) => _subjects[group] = (name, BsonValue.Null);

    public void Forget()
    {
        _leads.Clear();
        _subjects.Clear();
    }
}
