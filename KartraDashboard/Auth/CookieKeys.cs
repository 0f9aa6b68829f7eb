using KartraDashboard.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Auth;

/// <summary>
/// The keys that protect sign-in cookies (and antiforgery tokens) live beside the database, in
/// <c>keys/</c>: kept in the user profile, as by default, a container or a server moved with its
/// data folder would sign everyone out. The folder is as private as the database beside it.
/// </summary>
public static class CookieKeys
{
    public const string FolderName = "keys";

    public static string Folder(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, FolderName);

    public static IServiceCollection AddCookieKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("KartraDashboard");
        // Its warning that a new key is written unencrypted says what is intended here: the keys are
        // as protected as the database beside them (an encryptor would need a secret kept elsewhere).
        services.Configure<LoggerFilterOptions>(o => o.AddFilter(typeof(XmlKeyManager).FullName, LogLevel.Error));
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((o, storage, logs) =>
        {
            var folder = Folder(storage.Value.DatabasePath);
            if (!OperatingSystem.IsWindows() && !Directory.Exists(folder))
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), logs);
        });
        return services;
    }
}
