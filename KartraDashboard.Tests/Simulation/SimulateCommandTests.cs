using System.Net;
using System.Net.Sockets;
using KartraDashboard.Simulation;

namespace KartraDashboard.Tests.Simulation;

public class SimulateCommandTests
{
    private static async Task<(int ExitCode, string Output)> Simulate(params string[] args)
    {
        var output = new StringWriter();
        var exitCode = await SimulateCommand.RunAsync(args, output, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
    }

    [Fact]
    public async Task When_every_ping_is_accepted_it_exits_0_and_the_counts_add_up()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();

        var (exitCode, output) = await Simulate("--url", webhook.Url.ToString(), "--count", "40", "--rate", "0", "--concurrency", "4", "--seed", "9", "--start", "2026-02-01");

        Assert.Equal(SimulateCommand.Success, exitCode);
        Assert.Contains("sent 40, accepted 40, rejected 0, failed 0", output);
        Assert.Contains("Latency: p50", output);
        Assert.Contains("GDPR by latest ping per lead", output);
        Assert.Equal(40, webhook.Received.Count);
        Assert.All(webhook.Received, r => Assert.Equal("application/json", r.ContentType));
        var expected = SentTotals.Of(new StoryGenerator(9, new DateTime(2026, 2, 1)).Take(40));
        Assert.Contains(FormattableString.Invariant($"sales {expected.Sales} = {expected.SalesAmount:0.00}"), output);
    }

    [Fact]
    public async Task With_new_leads_every_ping_comes_from_a_lead_of_its_own()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();

        var (exitCode, output) = await Simulate("--url", webhook.Url.ToString(), "--count", "30", "--rate", "0", "--new-leads");

        Assert.Equal(SimulateCommand.Success, exitCode);
        Assert.Contains("every ping a new lead", output);
        Assert.Contains("Sent: 30 pings from 30 leads", output);
    }

    [Fact]
    public async Task The_token_is_not_printed_in_full()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();

        var (_, output) = await Simulate("--url", webhook.Url.ToString(), "--count", "1", "--rate", "0");

        Assert.DoesNotContain("test-token-123", output);
    }

    [Fact]
    public async Task Server_errors_are_counted_as_rejected_with_a_clear_message_and_exit_1()
    {
        await using var webhook = await LoopbackWebhook.StartAsync(500, "database is on fire");

        var (exitCode, output) = await Simulate("--url", webhook.Url.ToString(), "--count", "10", "--rate", "0");

        Assert.Equal(SimulateCommand.NotAllAccepted, exitCode);
        Assert.Contains("sent 10, accepted 0, rejected 10, failed 0", output);
        Assert.Contains("error: 10 of 10 pings were rejected (HTTP 500 ×10)", output);
        Assert.Contains("database is on fire", output);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_closed_port_counts_as_failed_with_a_clear_message_and_no_stack_trace()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output) = await Simulate("--url", $"http://127.0.0.1:{port}/webhooks/kartra/abc", "--count", "5", "--rate", "0");

        Assert.Equal(SimulateCommand.NotAllAccepted, exitCode);
        Assert.Contains("sent 5, accepted 0, rejected 0, failed 5", output);
        Assert.Contains($"connection refused by 127.0.0.1:{port}", output);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_counts_as_failed()
    {
        await using var webhook = await LoopbackWebhook.StartAsync(delay: TimeSpan.FromSeconds(30));

        var (exitCode, output) = await Simulate("--url", webhook.Url.ToString(), "--count", "3", "--rate", "0", "--timeout", "200ms");

        Assert.Equal(SimulateCommand.NotAllAccepted, exitCode);
        Assert.Contains("sent 3, accepted 0, rejected 0, failed 3", output);
        Assert.Contains("no answer within 0.2 s", output);
        AssertNoStackTrace(output);
    }

    [Theory]
    [Trait("Category", "Fast")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/webhooks/kartra/abc")]
    [InlineData("/webhooks/kartra/abc")]
    [InlineData("localhost:5000/webhooks/kartra/abc")]
    public async Task A_bad_url_exits_2_with_a_message(string url)
    {
        var (exitCode, output) = await Simulate("--url", url, "--count", "1");

        Assert.Equal(SimulateCommand.BadArguments, exitCode);
        Assert.StartsWith("error: --url must be an absolute http or https URL", output);
        AssertNoStackTrace(output);
    }

    [Theory]
    [Trait("Category", "Fast")]
    [InlineData("--count", "1")]
    [InlineData("--url", "http://127.0.0.1:1/x", "--rate", "fast")]
    [InlineData("--url", "http://127.0.0.1:1/x", "--count", "0")]
    [InlineData("--url", "http://127.0.0.1:1/x", "--duration", "soon")]
    [InlineData("--url", "http://127.0.0.1:1/x", "--start", "yesterday")]
    [InlineData("--url", "http://127.0.0.1:1/x", "--concurrency", "0")]
    [InlineData("--url", "http://127.0.0.1:1/x", "--colour", "red")]
    [InlineData("--url")]
    public async Task Bad_arguments_exit_2_with_a_one_line_reason(params string[] args)
    {
        var (exitCode, output) = await Simulate(args);

        Assert.Equal(SimulateCommand.BadArguments, exitCode);
        Assert.StartsWith("error: ", output);
        AssertNoStackTrace(output);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public async Task Help_prints_the_options_and_exits_0()
    {
        var (exitCode, output) = await Simulate("--help");

        Assert.Equal(SimulateCommand.Success, exitCode);
        Assert.Contains("--url", output);
        Assert.Contains("--duration", output);
    }

    [Theory]
    [Trait("Category", "Fast")]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5", 1_500)]
    [InlineData("00:01:00", 60_000)]
    public void Durations_read_like_people_write_them(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SimulateCommand.ParseTime(text, "--duration"));
    }
}
