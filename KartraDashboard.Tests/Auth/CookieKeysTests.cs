using System.Net;
using KartraDashboard.Auth;

namespace KartraDashboard.Tests.Auth;

public class CookieKeysTests
{
    [Fact]
    public async Task A_sign_in_survives_a_restart_because_the_cookie_keys_live_beside_the_database()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-keys-").FullName;
        var app = new TestApp(folder: folder, ownsFolder: false);
        try
        {
            var cookies = new CookieContainer();
            HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
            using (var browser = Browser())
                Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(browser, TestApp.Password)).StatusCode);
            var keys = CookieKeys.Folder(app.DatabasePath);
            Assert.Equal(Path.Combine(app.Folder, "keys"), keys);
            Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));

            app = await app.Restart();
            using (var browser = Browser())
                Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/events")).StatusCode);

            // Without those keys the same cookie no longer opens anything: they are the ones in use.
            await app.DisposeAsync();
            Directory.Delete(keys, recursive: true);
            app = new TestApp(folder: folder, ownsFolder: false);
            using (var browser = Browser())
                Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/events")).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
