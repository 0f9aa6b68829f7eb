using KartraDashboard.Hosting;

namespace KartraDashboard.Tests.Hosting;

public class AppFolderTests
{
    [Fact]
    [Trait("Category", "Fast")]
    public void Settings_are_read_from_the_app_folder_when_started_from_a_folder_without_them()
    {
        var app = Directory.CreateTempSubdirectory("kartra-app-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("kartra-cwd-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(app, AppFolder.Settings), "{}");
            Assert.Equal(app, AppFolder.ContentRoot([], elsewhere, app));
            Assert.Null(AppFolder.ContentRoot(["--contentRoot", elsewhere], elsewhere, app));
            File.WriteAllText(Path.Combine(elsewhere, AppFolder.Settings), "{}");
            Assert.Null(AppFolder.ContentRoot([], elsewhere, app));
        }
        finally
        {
            Directory.Delete(app, true);
            Directory.Delete(elsewhere, true);
        }
    }

    [Fact]
    public async Task Started_from_another_folder_the_app_reads_its_own_settings_file()
    {
        // The app's appsettings.json sets Microsoft.AspNetCore logs to Warning; without it the
        // framework's information lines (such as where data protection keeps its keys) are printed.
        var folder = Directory.CreateTempSubdirectory("kartra-elsewhere-").FullName;
        try
        {
            await using var host = await HostProcess.StartAsync(folder, new Dictionary<string, string>
            {
                ["Storage__DatabasePath"] = Path.Combine(folder, "kartra.db"),
                ["Kartra__WebhookToken"] = TestApp.Token,
            });
            Assert.DoesNotContain("info: Microsoft.AspNetCore", host.Output);
            Assert.True(Directory.Exists(Path.Combine(folder, "keys")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
