using System.Text;

namespace KartraDashboard.Tests;

/// <summary>Test data files copied beside the test assembly, named relative to the Fixtures folder ("actions/assign_tag.json").</summary>
public static class Fixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name), Encoding.UTF8);

    public static string PathOf(string name) => Path.Combine(Folder, name.Replace('\\', '/'));
}
