namespace KartraDashboard.Storage;

/// <summary>
/// How a page of a group of leads (a subject's leads now, a GDPR status's leads) is read in the
/// order of latest activity. The group's keys do not carry that activity, which moves with every
/// ping and would rewrite them all, so the order comes from one of two reads, whichever loads
/// fewer leads: along the latest-activity index, keeping the group's (about
/// (skip + take) × leads ÷ members loaded), or the group's own index range, ordered in memory
/// (every member loaded). The slowest group to page is one of about √((skip + take) × leads).
/// </summary>
internal static class LeadOrder
{
    public static bool AlongLatest(long members, long leads, int skip, int take) =>
        members > 0 && (double)(skip + take) * leads < (double)members * members;
}
