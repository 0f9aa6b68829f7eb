using KartraDashboard.Ingestion;

namespace KartraDashboard.Tests.Ingestion;

/// <summary>Each documented action's subject, read from the fixtures written after Kartra's documentation.</summary>
[Trait("Category", "Fast")]
public class EventSubjectTests
{
    private static readonly PingParser Parser = new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

    private static EventSubject? SubjectOf(string json) => EventSubject.Of(Parser.Parse(System.Text.Encoding.UTF8.GetBytes(json)).Ping!);

    [Theory]
    [InlineData("list_subscription", "list", "3", "Newsletter", null, null)]
    [InlineData("list_unsubscription", "list", "3", "Newsletter", null, null)]
    [InlineData("assign_tag", "tag", "12", "VIP", null, null)]
    [InlineData("unassign_tag", "tag", "12", "VIP", null, null)]
    [InlineData("filled_form", "form", "5", "Contact us", null, null)]
    [InlineData("sequence_subscription", "sequence", "7", null, null, null)]
    [InlineData("sequence_unsubscription", "sequence", "7", null, null, null)]
    [InlineData("sequence_completion", "sequence", "7", null, null, null)]
    [InlineData("click_tracking_link", "tracking_link", null, null, null, null)]
    [InlineData("click_page_split_test_link", "split_test_link", null, null, null, null)]
    [InlineData("buy_product", "product", null, null, null, null)]
    [InlineData("refund_product", "product", null, null, null, null)]
    [InlineData("partial_refund_product", "product", null, null, null, null)]
    [InlineData("cancel_subscription", "product", null, null, null, null)]
    [InlineData("video_play", "video", null, null, null, null)]
    [InlineData("video_complete", "video", null, null, null, null)]
    [InlineData("reaches_score", "score", "50", "50 points", null, null)]
    [InlineData("membership_granted", "membership", "4", "Gold Club", "2", "Level 2")]
    [InlineData("membership_revoked", "membership", null, null, null, null)]
    [InlineData("affiliate_signup", "affiliate_program", "42", "Course X", null, null)]
    [InlineData("jv_signup", "jv_program", null, null, null, null)]
    [InlineData("kartra_page_visit", "page", null, null, null, null)]
    [InlineData("calendar_subscribe", "calendar", "9", "Studio calendar", "14", "Yoga Basics")]
    [InlineData("calendar_complete", "calendar", null, null, null, null)]
    [InlineData("calendar_cancel", "calendar", null, null, null, null)]
    public void Every_documented_action_has_its_subject(string action, string kind, string? id, string? name, string? partId, string? partName)
    {
        var subject = SubjectOf(TestPings.From(action).ToJsonString());
        Assert.NotNull(subject);
        Assert.Equal(kind, subject.Kind);
        Assert.False(string.IsNullOrEmpty(subject.Id));
        // Where the fixture's values are written out here, they are compared too.
        if (id is not null) Assert.Equal(id, subject.Id);
        if (name is not null) Assert.Equal(name, subject.Name);
        if (partId is not null) Assert.Equal(new SubjectPart(partId, partName), subject.Part);
        if (kind is not ("membership" or "calendar")) Assert.Null(subject.Part);
    }

    [Fact]
    public void A_form_is_read_under_either_key()
    {
        Assert.Equal(new EventSubject("form", "5", "Contact us"),
            SubjectOf("""{"action":"filled_form","lead":{"id":1},"action_details":{"tag":{"form_id":5,"form_name":"Contact us"}}}"""));
        Assert.Equal(new EventSubject("form", "6", "Quiz"),
            SubjectOf("""{"action":"filled_form","lead":{"id":1},"action_details":{"form":{"form_id":"6","form_name":"Quiz"}}}"""));
    }

    [Fact]
    public void A_subject_without_an_id_is_none_and_an_unknown_action_has_none()
    {
        Assert.Null(SubjectOf("""{"action":"assign_tag","lead":{"id":1},"action_details":{"tag":{"tag_name":"VIP"}}}"""));
        Assert.Null(SubjectOf("""{"action":"something_new","lead":{"id":1},"action_details":{"tag":{"tag_id":5}}}"""));
        Assert.Null(SubjectOf("""{"action":"reaches_score","lead":{"id":1},"action_details":{}}"""));
    }

    [Fact]
    public void A_programs_official_name_is_preferred()
    {
        var subject = SubjectOf("""{"action":"jv_signup","lead":{"id":1},"action_details":{"product":{"product_id":3,"product_name":"Launch 2024","official_product_name":"Launch"}}}""");
        Assert.Equal(new EventSubject("jv_program", "3", "Launch"), subject);
    }

    [Theory]
    [InlineData("tag:5", "tag", "5")]
    [InlineData("membership: 4 ", "membership", "4")]
    public void A_subject_filter_is_kind_and_id(string text, string kind, string id)
    {
        Assert.True(EventSubject.TryParseFilter(text, out var subject, out _));
        Assert.Equal((kind, id), subject);
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("tag:")]
    [InlineData("colour:5")]
    public void A_bad_subject_filter_says_why(string text)
    {
        Assert.False(EventSubject.TryParseFilter(text, out _, out var error));
        Assert.Contains("KIND:ID", error);
    }
}
