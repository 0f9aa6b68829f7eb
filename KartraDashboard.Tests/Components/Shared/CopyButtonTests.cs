using Bunit;
using KartraDashboard.Components.Shared;

namespace KartraDashboard.Tests.Components.Shared;

public class CopyButtonTests
{
    private const string Copy = "kartraDashboard.copy";

    [Fact]
    public async Task Copies_the_text_as_given_and_says_so()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        const string body = "{\n  \"action\": \"buy_product\"\t}";
        ctx.JSInterop.Setup<bool>(Copy, body).SetResult(true);

        var cut = ctx.Render<CopyButton>(p => p
            .Add(b => b.Text, body)
            .Add(b => b.Copied, "Body copied.")
            .AddUnmatched("data-testid", "copy"));
        cut.Find("button[data-testid=copy]").Click();

        ctx.Providers.WaitForAssertion(() => Assert.Contains("Body copied.", ctx.Providers.Markup), DashboardTestContext.LiveTimeout);
        var call = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == Copy);
        Assert.Equal(body, call.Arguments[0]);
    }

    [Fact]
    public async Task Says_how_to_copy_by_hand_when_the_browser_refuses()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        ctx.JSInterop.Setup<bool>(Copy, "secret-url").SetResult(false);

        var cut = ctx.Render<CopyButton>(p => p
            .Add(b => b.Text, "secret-url")
            .Add(b => b.IconOnly, true)
            .Add(b => b.Label, "Copy the webhook URL"));
        cut.Find("button[aria-label='Copy the webhook URL']").Click();

        ctx.Providers.WaitForAssertion(() => Assert.Contains("copy it by hand", ctx.Providers.Markup), DashboardTestContext.LiveTimeout);
        Assert.DoesNotContain("secret-url", cut.Markup);
    }
}
