using System.Diagnostics;
using KartraDashboard.Tests.Browser;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// A small tmpfs mounted for one test, so a disk can really fill up under the dashboard. Needs
/// root (as the tests and CI run); unmounted and removed on dispose.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    public Tmpfs(string size)
    {
        Folder = Directory.CreateTempSubdirectory("kartra-tmpfs-").FullName;
        var error = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", Folder);
        if (error is not null)
        {
            Directory.Delete(Folder);
            throw new InvalidOperationException("mount -t tmpfs failed: " + error);
        }
    }

    public string Folder { get; }

    /// <summary>Writes a file until the disk is full; deleting it frees the space again.</summary>
    public string Fill()
    {
        var ballast = Path.Combine(Folder, "ballast");
        using var file = new FileStream(ballast, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var chunk = new byte[4096];
        try
        {
            while (true) file.Write(chunk);
        }
        catch (IOException) { }
        return ballast;
    }

    public void Dispose()
    {
        Run("umount", "-l", Folder);
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Null when the command succeeded, else what it printed.</summary>
    private static string? Run(string command, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    /// <summary>Why a tmpfs cannot be mounted here (not root, no mount), or null when it can.</summary>
    public static readonly Lazy<string?> Refusal = new(() =>
    {
        try
        {
            using var probe = new Tmpfs("1m");
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    });
}

/// <summary>
/// A test that mounts a tmpfs: skipped, with the reason, where mounting is refused; except under
/// <c>CI=true</c>, where it runs and fails with the mount error instead.
/// </summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (!BrowserFixture.IsCi && Tmpfs.Refusal.Value is { } reason)
            Skip = $"Needs a tmpfs of its own, which cannot be mounted here ({reason}); run as root.";
    }
}
