namespace KartraDashboard.Tests;

/// <summary>
/// Tests that load the machine, or need it to themselves (the bench, a burst of pings that other
/// tests' load would break up), run in this collection: one at a time, with no other test beside them.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
