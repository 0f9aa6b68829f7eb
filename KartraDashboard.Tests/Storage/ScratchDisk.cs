using System.Diagnostics;
using KartraDashboard.Tests.Browser;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// A small file system mounted for one test, so a disk can really fill up or refuse writes under
/// the dashboard: a tmpfs, or ext4 on a loop device. Needs root (as the tests and CI run);
/// unmounted and removed on dispose.
/// </summary>
public sealed class ScratchDisk : IDisposable
{
    private readonly string? _image;

    private ScratchDisk(string? image, params string[] mount)
    {
        _image = image;
        Folder = Directory.CreateTempSubdirectory("kartra-disk-").FullName;
        if (Run("mount", [.. mount, Folder]) is { } error)
        {
            Directory.Delete(Folder);
            if (image is not null) File.Delete(image);
            throw new InvalidOperationException($"mount {string.Join(' ', mount)} failed: {error}");
        }
    }

    public static ScratchDisk Tmpfs(string size) => new(null, "-t", "tmpfs", "-o", $"size={size}", "tmpfs");

    public static ScratchDisk Ext4(int megabytes)
    {
        var image = Path.Combine(Path.GetTempPath(), $"kartra-disk-{Guid.NewGuid():N}.img");
        using (var file = File.Create(image)) file.SetLength(megabytes * 1024L * 1024);
        if (Run("mkfs.ext4", "-q", "-F", image) is { } error)
        {
            File.Delete(image);
            throw new InvalidOperationException("mkfs.ext4 failed: " + error);
        }
        return new ScratchDisk(image, "-o", "loop", image);
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

    /// <summary>
    /// Makes the files and the folder immutable, which on ext4 refuses every write even to root
    /// and even through handles already open (a remount read-only is refused while a file is
    /// open for writing, as the database's always are, and tmpfs does not check the flag on
    /// writes); the returned action makes them writable again.
    /// </summary>
    public Action MakeReadOnly()
    {
        var paths = Directory.GetFiles(Folder).Append(Folder).ToArray();
        if (Run("chattr", ["+i", .. paths]) is { } error) throw new InvalidOperationException("chattr +i failed: " + error);
        return () =>
        {
            if (Run("chattr", ["-i", .. paths]) is { } undo) throw new InvalidOperationException("chattr -i failed: " + undo);
        };
    }

    public void Dispose()
    {
        Run("chattr", "-R", "-i", Folder);
        Run("umount", "-l", Folder);
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        if (_image is not null) File.Delete(_image);
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

    /// <summary>Why the scratch disks cannot be made here (not root, no loop device, no chattr), or null when they can.</summary>
    public static readonly Lazy<string?> Refusal = new(() =>
    {
        try
        {
            using (ScratchDisk.Tmpfs("1m")) { }
            using var ext4 = Ext4(8);
            File.WriteAllText(Path.Combine(ext4.Folder, "probe"), "");
            ext4.MakeReadOnly()();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    });
}

/// <summary>
/// A test that mounts a scratch disk: skipped, with the reason, where mounting is refused;
/// except under <c>CI=true</c>, where it runs and fails with the mount error instead.
/// </summary>
public sealed class ScratchDiskFactAttribute : FactAttribute
{
    public ScratchDiskFactAttribute()
    {
        if (!BrowserFixture.IsCi && ScratchDisk.Refusal.Value is { } reason)
            Skip = $"Needs a file system of its own, which this machine refuses ({reason}); run as root.";
    }
}
