using System.Globalization;
using System.Text.Json.Nodes;
using static KartraDashboard.Simulation.SimulationCatalog;

namespace KartraDashboard.Simulation;

/// <summary>
/// Generates the pings of a Kartra account's day: leads with coherent stories (opt in, nurture,
/// buy, get refunded, cancel, book classes, become partners), interleaved as many leads act at once.
/// Deterministic for a seed: the same seed and start give byte-identical pings. The first story is
/// a showcase lead that performs all 25 documented actions within the first 150 pings.
/// </summary>
public sealed partial class StoryGenerator
{
    private readonly int _seed;
    private readonly DateTime _start;
    private readonly TimeSpan _meanGap;
    private readonly bool _newLeads;

    /// <param name="start">Kartra's clock (America/New_York, no offset) at the first ping.</param>
    /// <param name="meanGap">Average simulated time between two pings; 45 seconds by default.</param>
    /// <param name="newLeads">
    /// Every ping from a lead never seen before: each story ends after its first ping, and lead ids
    /// start far above a story run's, so a webhook that already took stories meets none of them again.
    /// </param>
    public StoryGenerator(int seed, DateTime start, TimeSpan? meanGap = null, bool newLeads = false)
    {
        _seed = seed;
        _newLeads = newLeads;
        _start = DateTime.SpecifyKind(start, DateTimeKind.Unspecified);
        _meanGap = meanGap is { } gap && gap > TimeSpan.Zero ? gap : TimeSpan.FromSeconds(45);
    }

    /// <summary>An endless stream; every enumeration starts over and yields the same pings.</summary>
    public IEnumerable<GeneratedPing> Generate() => new Run(_seed, _start, _meanGap, _newLeads).Pings();

    public IReadOnlyList<GeneratedPing> Take(int count) => Generate().Take(count).ToList();

    /// <summary>Which payment of which subscription a sale is; the first payment's id becomes the original id.</summary>
    private sealed record SubscriptionTerm(long SubscriptionId, int PayNumber, long OriginalId);

    private sealed class ActiveStory(SimulatedLead lead, IEnumerable<GeneratedPing> steps)
    {
        public SimulatedLead Lead { get; } = lead;
        public IEnumerator<GeneratedPing> Steps { get; } = steps.GetEnumerator();
        public Queue<int> PendingMilestones { get; } = new();
    }

    private sealed partial class Run(int seed, DateTime start, TimeSpan meanGap, bool newLeads)
    {
        // Leads whose stories run side by side. A lead's next ping waits for the answer to its
        // previous one, so with few of them a fast sender would mostly wait on the same lead.
        private const int ConcurrentStories = 64;
        private const int ShowcaseEvery = 3;
        private const long NewLeadsFirstId = 1_000_000_000;

        private readonly Random _rng = new(seed);
        private DateTime _now = start;
        private long _sequence;
        private long _nextLeadId = newLeads ? NewLeadsFirstId : 1000;
        private long _nextTransactionId = 700000;
        private long _nextSubscriptionId = 30000;
        private readonly HashSet<string> _usernames = new(StringComparer.Ordinal);
        private readonly List<string> _partners = [.. KnownPartners];
        private readonly List<long> _partnerLeadIds = [];
        private readonly List<ActiveStory> _active = [];
        private readonly Dictionary<long, ActiveStory> _storyByLead = [];

        public IEnumerable<GeneratedPing> Pings()
        {
            _nextLeadId += _rng.Next(0, 5000);
            _nextTransactionId += _rng.Next(0, 100000);
            var showcase = StartStory(NewLead(Countries[_rng.Next(Countries.Count)]), Showcase);
            _active.Remove(showcase);
            ActiveStory? showcaseLeft = showcase;

            for (long tick = 0; ; tick++)
            {
                ActiveStory story;
                if (showcaseLeft is not null && tick % ShowcaseEvery == 0)
                    story = showcaseLeft;
                else
                {
                    while (_active.Count < ConcurrentStories) StartRandomStory();
                    story = _active[_rng.Next(_active.Count)];
                }

                _now = _now.AddSeconds(Math.Max(1, Math.Round(-Math.Log(1 - _rng.NextDouble()) * meanGap.TotalSeconds)));
                MaybeChangeGdpr(story.Lead);

                if (NextOf(story) is { } ping)
                {
                    yield return ping;
                    if (!newLeads) continue;
                }
                story.Steps.Dispose();
                _storyByLead.Remove(story.Lead.Id);
                if (story == showcaseLeft) showcaseLeft = null;
                else _active.Remove(story);
            }
        }

        private GeneratedPing? NextOf(ActiveStory story)
        {
            // Kartra tells of a score reached right after the action that reached it.
            if (story.PendingMilestones.TryDequeue(out var points))
                return Emit(story.Lead, "reaches_score", KartraPingFactory.PointsDetails(points, story.Lead.NumbersAsText));
            return story.Steps.MoveNext() ? story.Steps.Current : null;
        }

        private ActiveStory StartStory(SimulatedLead lead, Func<SimulatedLead, IEnumerable<GeneratedPing>> plot)
        {
            var story = new ActiveStory(lead, plot(lead));
            _active.Add(story);
            _storyByLead[lead.Id] = story;
            return story;
        }

        private void StartRandomStory()
        {
            var lead = NewLead(PickCountry());
            var roll = _rng.Next(100);
            Func<SimulatedLead, IEnumerable<GeneratedPing>> plot = roll switch
            {
                < 18 => Browser,
                < 42 => Nurture,
                < 64 => Buyer,
                < 78 => SubscriptionStory,
                < 92 => Webinar,
                _ => Partner,
            };
            StartStory(lead, plot);
        }

        // ---- stories -------------------------------------------------------------------------

        private IEnumerable<GeneratedPing> Showcase(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            var link = Pick(TrackingLinks);
            lead.ArrivedBy = link;
            yield return Emit(lead, "click_tracking_link", KartraPingFactory.TrackingLinkDetails(link, t));
            yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pages[1], t));
            yield return Emit(lead, "click_page_split_test_link", KartraPingFactory.SplitTestLinkDetails(SplitTestLinks[1], t));
            foreach (var p in OptIn(lead, Forms[0], Lists[3], Tags[0], Sequences[0])) yield return p;
            yield return Emit(lead, "video_play", KartraPingFactory.VideoDetails(Videos[0], t));
            yield return Emit(lead, "video_complete", KartraPingFactory.VideoDetails(Videos[0], t));
            yield return Emit(lead, "sequence_completion", KartraPingFactory.SequenceDetails(Sequences[0], t));
            yield return Emit(lead, "calendar_subscribe", KartraPingFactory.CalendarDetails(CalendarClasses[0], t));
            yield return Emit(lead, "calendar_complete", KartraPingFactory.CalendarDetails(CalendarClasses[0], t));
            yield return Emit(lead, "calendar_subscribe", KartraPingFactory.CalendarDetails(CalendarClasses[2], t));
            yield return Emit(lead, "calendar_cancel", KartraPingFactory.CalendarDetails(CalendarClasses[2], t));

            var processor = Pick(PaymentProcessors);
            var course = Products[1];
            var courseSale = NewSale(lead, course, processor, firstPayment: true);
            yield return EmitTransaction(lead, "buy_product", courseSale);
            yield return Emit(lead, "membership_granted", KartraPingFactory.MembershipDetails(course.Membership!, t));
            yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[2], t));

            var coaching = Products[2];
            var subscription = NewSubscription();
            var firstPayment = NewSale(lead, coaching, processor, firstPayment: true, subscription);
            yield return EmitTransaction(lead, "buy_product", firstPayment);
            yield return Emit(lead, "membership_granted", KartraPingFactory.MembershipDetails(coaching.Membership!, t));
            var rebill = NewSale(lead, coaching, processor, firstPayment: false, subscription with { PayNumber = 2, OriginalId = firstPayment.TransactionId });
            yield return EmitTransaction(lead, "buy_product", rebill);

            yield return EmitTransaction(lead, "partial_refund_product", NewRefund(courseSale, partial: true));
            yield return EmitTransaction(lead, "refund_product", NewRefund(rebill, partial: false));
            yield return EmitTransaction(lead, "cancel_subscription", NewCancellation(firstPayment));
            yield return Emit(lead, "membership_revoked", KartraPingFactory.MembershipDetails(coaching.Membership!, t));

            yield return Emit(lead, "sequence_subscription", KartraPingFactory.SequenceDetails(Sequences[3], t));
            yield return Emit(lead, "sequence_unsubscription", KartraPingFactory.SequenceDetails(Sequences[3], t));
            yield return Emit(lead, "unassign_tag", KartraPingFactory.TagDetails(Tags[0], t));
            yield return Emit(lead, "list_unsubscription", KartraPingFactory.ListDetails(Lists[3], t));
            foreach (var p in BecomePartner(lead, jv: false)) yield return p;
            yield return Emit(lead, "jv_signup", KartraPingFactory.ProductDetails(Products[6], t));
        }

        private IEnumerable<GeneratedPing> Browser(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            if (Chance(0.4)) foreach (var p in ArriveByLink(lead)) yield return p;
            for (var i = _rng.Next(1, 4); i > 0; i--)
                yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pick(Pages), t));
            if (Chance(0.5)) foreach (var p in WatchVideo(lead, Pick(Videos))) yield return p;
            if (Chance(0.3)) foreach (var p in OptIn(lead, Forms[2], Lists[0], Tags[7], sequence: null)) yield return p;
        }

        private IEnumerable<GeneratedPing> Nurture(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            if (Chance(0.5)) foreach (var p in ArriveByLink(lead)) yield return p;
            yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pages[1], t));
            var sequence = Sequences[0];
            foreach (var p in OptIn(lead, Pick(Forms), Pick(Lists.Take(4).ToList()), Tags[0], sequence)) yield return p;
            // A real account tags interests from a long tail: a few topics hold many leads, most few.
            if (Chance(0.4)) yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(PickSkewed(InterestTags), t));
            for (var i = _rng.Next(1, 5); i > 0; i--)
            {
                var roll = _rng.Next(3);
                if (roll == 0) foreach (var p in WatchVideo(lead, Pick(Videos))) yield return p;
                else if (roll == 1) yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pick(Pages), t));
                else yield return Emit(lead, "click_page_split_test_link", KartraPingFactory.SplitTestLinkDetails(Pick(SplitTestLinks), t));
            }

            var ending = _rng.Next(100);
            if (ending < 55)
            {
                yield return Emit(lead, "sequence_completion", KartraPingFactory.SequenceDetails(sequence, t));
                yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[7], t));
                if (Chance(0.3)) foreach (var p in Purchase(lead, Pick(OneOffProducts))) yield return p;
            }
            else if (ending < 85)
            {
                yield return Emit(lead, "sequence_unsubscription", KartraPingFactory.SequenceDetails(sequence, t));
                if (Chance(0.6))
                {
                    yield return Emit(lead, "list_unsubscription", KartraPingFactory.ListDetails(Lists[0], t));
                    yield return Emit(lead, "unassign_tag", KartraPingFactory.TagDetails(Tags[0], t));
                    yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[4], t));
                }
            }
        }

        private IEnumerable<GeneratedPing> Buyer(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            if (Chance(0.6)) foreach (var p in ArriveByLink(lead)) yield return p;
            foreach (var p in OptIn(lead, Forms[0], Lists[3], Tags[0], Chance(0.5) ? Sequences[0] : null)) yield return p;
            yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pages[2], t));
            if (Chance(0.4)) yield return Emit(lead, "click_page_split_test_link", KartraPingFactory.SplitTestLinkDetails(SplitTestLinks[0], t));
            yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pages[3], t));
            if (Chance(0.15))
            {
                yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[8], t));
                yield break;
            }
            foreach (var p in Purchase(lead, Pick(OneOffProducts))) yield return p;
            if (Chance(0.25)) foreach (var p in WatchVideo(lead, Videos[2])) yield return p;
            if (Chance(0.2)) foreach (var p in BookClass(lead, Pick(CalendarClasses.Take(2).ToList()))) yield return p;
        }

        private IEnumerable<GeneratedPing> Webinar(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            if (Chance(0.5)) foreach (var p in ArriveByLink(lead)) yield return p;
            foreach (var p in OptIn(lead, Forms[1], Lists[1], Tags[9], Sequences[1])) yield return p;
            var workshop = Pick(CalendarClasses.Skip(2).ToList());
            foreach (var p in BookClass(lead, workshop)) yield return p;
            if (Chance(0.5)) yield return Emit(lead, "sequence_completion", KartraPingFactory.SequenceDetails(Sequences[1], t));
            if (Chance(0.4)) foreach (var p in WatchVideo(lead, Videos[1])) yield return p;
            if (Chance(0.25)) foreach (var p in Purchase(lead, Chance(0.5) ? Products[5] : Products[1])) yield return p;
        }

        private IEnumerable<GeneratedPing> Partner(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pages[5], t));
            if (Chance(0.4)) foreach (var p in WatchVideo(lead, Videos[3])) yield return p;
            var jv = Chance(0.3);
            foreach (var p in BecomePartner(lead, jv)) yield return p;
            if (Chance(0.3))
                yield return Emit(lead, jv ? "affiliate_signup" : "jv_signup", KartraPingFactory.ProductDetails(Pick(Products), t));
        }

        // ---- story pieces --------------------------------------------------------------------

        private IEnumerable<GeneratedPing> ArriveByLink(SimulatedLead lead)
        {
            var link = Pick(TrackingLinks);
            lead.ArrivedBy = link;
            yield return Emit(lead, "click_tracking_link", KartraPingFactory.TrackingLinkDetails(link, lead.NumbersAsText));
        }

        private IEnumerable<GeneratedPing> OptIn(SimulatedLead lead, CatalogItem form, CatalogItem list, CatalogItem tag, CatalogItem? sequence)
        {
            var t = lead.NumbersAsText;
            lead.SourceId = form.Id;
            yield return Emit(lead, "filled_form", KartraPingFactory.FormDetails(form, t));
            yield return Emit(lead, "list_subscription", KartraPingFactory.ListDetails(list, t));
            yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(tag, t));
            if (sequence is not null)
                yield return Emit(lead, "sequence_subscription", KartraPingFactory.SequenceDetails(sequence, t));
        }

        private IEnumerable<GeneratedPing> WatchVideo(SimulatedLead lead, CatalogItem video)
        {
            yield return Emit(lead, "video_play", KartraPingFactory.VideoDetails(video, lead.NumbersAsText));
            if (Chance(0.55))
                yield return Emit(lead, "video_complete", KartraPingFactory.VideoDetails(video, lead.NumbersAsText));
        }

        private IEnumerable<GeneratedPing> BookClass(SimulatedLead lead, CalendarClass calendarClass)
        {
            var t = lead.NumbersAsText;
            yield return Emit(lead, "calendar_subscribe", KartraPingFactory.CalendarDetails(calendarClass, t));
            if (Chance(0.7))
            {
                yield return Emit(lead, "calendar_complete", KartraPingFactory.CalendarDetails(calendarClass, t));
                yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[1], t));
            }
            else
                yield return Emit(lead, "calendar_cancel", KartraPingFactory.CalendarDetails(calendarClass, t));
        }

        private IEnumerable<GeneratedPing> Purchase(SimulatedLead lead, SimulatedProduct product)
        {
            var t = lead.NumbersAsText;
            var processor = Pick(PaymentProcessors);
            var sale = NewSale(lead, product, processor, firstPayment: true);
            yield return EmitTransaction(lead, "buy_product", sale);
            if (product.Membership is { } membership)
                yield return Emit(lead, "membership_granted", KartraPingFactory.MembershipDetails(membership, t));
            yield return Emit(lead, "list_subscription", KartraPingFactory.ListDetails(Lists[2], t));
            yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[2], t));

            SimulatedTransaction? bump = null;
            if (product.Id != Products[0].Id && Chance(0.25))
            {
                bump = NewSale(lead, Products[0], processor, firstPayment: true);
                yield return EmitTransaction(lead, "buy_product", bump);
            }

            var roll = _rng.Next(100);
            if (roll < 12)
            {
                yield return EmitTransaction(lead, "refund_product", NewRefund(sale, partial: false));
                if (product.Membership is { } revoked)
                    yield return Emit(lead, "membership_revoked", KartraPingFactory.MembershipDetails(revoked, t));
                yield return Emit(lead, "unassign_tag", KartraPingFactory.TagDetails(Tags[2], t));
                yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[5], t));
            }
            else if (roll < 20)
                yield return EmitTransaction(lead, "partial_refund_product", NewRefund(bump ?? sale, partial: true));
        }

        private IEnumerable<GeneratedPing> BecomePartner(SimulatedLead lead, bool jv)
        {
            var t = lead.NumbersAsText;
            yield return Emit(lead, jv ? "jv_signup" : "affiliate_signup", KartraPingFactory.ProductDetails(Pick(Products), t));
            yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[6], t));
            yield return Emit(lead, "list_subscription", KartraPingFactory.ListDetails(Lists[4], t));
            // From now on the lead is credited on others' sales and refers new leads.
            _partners.Add(lead.Username);
            _partnerLeadIds.Add(lead.Id);
        }

        // ---- emitting ------------------------------------------------------------------------

        private GeneratedPing Emit(SimulatedLead lead, string action, JsonObject details, SimulatedTransaction? transaction = null)
        {
            GainScore(lead, action);
            var body = KartraPingFactory.ToUtf8(KartraPingFactory.Ping(lead, action, details), escapeNonAscii: Chance(0.25));
            return new GeneratedPing(_sequence++, action, lead.Id, lead.GdprStatus, lead.GdprCommunications,
                transaction?.TransactionId, transaction is { Type: not "cancellation" } ? transaction.FullAmount : null, body)
            {
                Subscription = SubscriptionFactOf(transaction),
            };
        }

        private GeneratedPing EmitTransaction(SimulatedLead lead, string action, SimulatedTransaction transaction) =>
            Emit(lead, action, KartraPingFactory.TransactionDetails(lead, transaction, lead.NumbersAsText), transaction);

        private void GainScore(SimulatedLead lead, string action)
        {
            var gain = action switch
            {
                "kartra_page_visit" or "click_tracking_link" or "click_page_split_test_link" => 1,
                "video_play" or "list_subscription" or "sequence_subscription" or "calendar_subscribe" => 3,
                "video_complete" or "sequence_completion" => 5,
                "filled_form" or "calendar_complete" or "affiliate_signup" or "jv_signup" => 10,
                "buy_product" => 25,
                _ => 0,
            };
            if (gain == 0) return;
            var before = lead.Score;
            lead.Score += gain;
            if (!_storyByLead.TryGetValue(lead.Id, out var story)) return;
            foreach (var milestone in ScoreMilestones)
                if (before < milestone && lead.Score >= milestone)
                    story.PendingMilestones.Enqueue(milestone);
        }

        /// <summary>Pending consents get answered, unknown locations resolved, and minds change.</summary>
        private void MaybeChangeGdpr(SimulatedLead lead)
        {
            if (!Chance(0.06)) return;
            var (status, communications) = lead.GdprStatus switch
            {
                5 => Chance(0.7) ? (2, 0) : (3, 1),
                4 => Chance(0.6) ? (1, lead.GdprCommunications) : (2, 0),
                2 => Chance(0.3) ? (3, 1) : (2, 1 - lead.GdprCommunications),
                3 => Chance(0.4) ? (2, 0) : (3, 1),
                var same => (same, 1 - lead.GdprCommunications),
            };
            lead.GdprStatus = status;
            lead.GdprCommunications = communications;
            lead.GdprStatusDate = _now;
        }

        // ---- making things -------------------------------------------------------------------

        private SimulatedLead NewLead(Country country)
        {
            var first = Pick(country.FirstNames);
            var last = Pick(country.LastNames);
            var middle = country.MiddleNames.Count > 0 && (country.Name == "Vietnam" || Chance(0.35)) ? Pick(country.MiddleNames) : null;
            var secondLast = country.SecondLastNames.Count > 0 && Chance(0.8) ? Pick(country.SecondLastNames) : null;
            var id = _nextLeadId += _rng.Next(1, 9);

            var handle = $"{first.Latin}.{last.Latin}".Replace(" ", "").Replace("'", "");
            if (Chance(0.4)) handle += _rng.Next(1, 99).ToString(CultureInfo.InvariantCulture);
            if (!_usernames.Add(handle)) _usernames.Add(handle += id.ToString(CultureInfo.InvariantCulture));

            var company = Pick(Companies);
            var subject = country.SubjectToGdpr;
            var gdprRoll = _rng.Next(100);
            var gdprStatus = subject
                ? gdprRoll < 55 ? 2 : gdprRoll < 70 ? 3 : 5
                : gdprRoll < 70 ? 1 : gdprRoll < 82 ? 4 : 0;
            var communications = gdprStatus switch
            {
                2 => Chance(0.85) ? 0 : 1,
                3 => 1,
                _ => Chance(0.7) ? 0 : 1,
            };

            return new SimulatedLead
            {
                Id = id,
                FirstName = first.Native,
                MiddleName = middle?.Native ?? "",
                LastName = last.Native,
                LastName2 = secondLast?.Native ?? "",
                Email = $"{handle}@{Pick(country.EmailDomains)}",
                Username = handle,
                Country = country,
                City = Pick(country.Cities),
                Address = string.Format(CultureInfo.InvariantCulture, Pick(country.Streets), _rng.Next(1, 250), _rng.Next(1, 40)),
                Phone = _rng.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
                Company = company,
                Website = company.Length > 0 && Chance(0.6) ? $"https://www.{handle.Replace('.', '-')}.com" : "",
                Ip = $"{country.IpPrefix}{_rng.Next(0, 256)}.{_rng.Next(0, 256)}.{_rng.Next(1, 255)}",
                // Travellers and VPNs: the IP's country is not always the lead's.
                IpCountry = Chance(0.08) ? Pick(Countries).Name : country.Name,
                Facebook = Chance(0.2) ? $"https://facebook.com/{handle}" : "",
                Twitter = Chance(0.15) ? $"@{handle.Replace(".", "_")}" : "",
                Linkedin = Chance(0.15) ? $"https://www.linkedin.com/in/{handle.Replace('.', '-')}" : "",
                SalesTaxId = company.Length > 0 && subject && Chance(0.5) ? _rng.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture) : "",
                Picture = Chance(0.3) ? $"https://www.gravatar.com/avatar/{_rng.NextInt64():x16}" : "",
                Source = Pick(Sources),
                ReferringId = _partnerLeadIds.Count > 0 && Chance(0.15) ? Pick(_partnerLeadIds) : 0,
                DateJoined = _now,
                GdprStatus = gdprStatus,
                GdprStatusDate = _now,
                GdprCommunications = communications,
                CustomFields = NewCustomFields(),
                NumbersAsText = Chance(0.5),
            };
        }

        private IReadOnlyList<SimulatedCustomField> NewCustomFields()
        {
            var fields = new List<SimulatedCustomField>();
            if (Chance(0.85))
                fields.Add(new(301, "favorite_dish", CustomFieldTypes.InputField, Pick(FavoriteDishes), []));
            if (Chance(0.6))
                fields.Add(new(302, "about_me", CustomFieldTypes.TextArea, Pick(AboutTexts), []));
            if (Chance(0.85))
                fields.Add(new(303, "business_stage", CustomFieldTypes.DropDown, null, Chance(0.9) ? [Pick(BusinessStages)] : []));
            if (Chance(0.8))
                fields.Add(new(304, "preferred_contact", CustomFieldTypes.RadioButton, null, [Pick(ContactChannels)]));
            if (Chance(0.85))
                fields.Add(new(305, "interests", CustomFieldTypes.Checkbox, null, Interests.Where(_ => Chance(0.4)).ToList()));
            return fields;
        }

        private SubscriptionTerm NewSubscription() => new(_nextSubscriptionId += _rng.Next(1, 20), 1, 0);

        /// <summary>
        /// A sale. <paramref name="subscription"/> carries the subscription id, the pay number and the
        /// first payment's id for recurring products; one-offs have none.
        /// </summary>
        private SimulatedTransaction NewSale(SimulatedLead lead, SimulatedProduct product, string processor, bool firstPayment,
            SubscriptionTerm? subscription = null)
        {
            var id = NextTransactionId();
            var payNumber = subscription?.PayNumber ?? 1;
            var trial = firstPayment && product.TrialDays > 0;
            var basePrice = trial ? 1.00m : product.Price;
            var discount = firstPayment && !trial && Chance(0.2) ? Money(basePrice * Pick(CouponRates)) : 0m;
            var tax = Money((basePrice - discount) * TaxRate(lead));
            var shipping = firstPayment ? product.Shipping : 0m;
            var tracked = lead.ArrivedBy;
            return new SimulatedTransaction
            {
                TransactionId = id,
                Type = "sale",
                Product = product,
                Date = _now,
                BaseAmount = basePrice,
                Discount = discount,
                Tax = tax,
                Shipping = shipping,
                FullAmount = basePrice - discount + tax + shipping,
                Affiliate = Chance(0.3) ? Pick(_partners) : "",
                Jv = Chance(0.12) ? Pick(_partners) : "",
                SubscriptionId = product.Recurring ? subscription?.SubscriptionId ?? 0 : 0,
                PayNumber = payNumber,
                OriginalId = payNumber == 1 ? id : subscription!.OriginalId,
                VendorTrackingId1 = tracked is null ? "" : $"{lead.Source}_{tracked.Id}",
                VendorTrackingId2 = tracked is null ? "" : $"c{(_rng.Next(1, 9)).ToString(CultureInfo.InvariantCulture)}",
                VendorTrackingLink = tracked?.Name ?? "",
                TrialPayment = trial ? 1 : 0,
                TrialPeriod = trial ? product.TrialDays : 0,
                RebillCircle = product.Recurring ? trial ? product.TrialDays : 30 : 0,
                // Kartra's 9999 marks a subscription that runs until the customer cancels it.
                PaymentsLeft = !product.Recurring ? 0 : product.Payments == 0 ? 9999 : product.Payments - payNumber,
                PaymentProcessor = processor,
            };
        }

        private SimulatedTransaction NewRefund(SimulatedTransaction sale, bool partial)
        {
            var amount = partial ? Money(sale.FullAmount * (0.2m + 0.1m * _rng.Next(0, 4))) : sale.FullAmount;
            // Kartra does not document the sign of a refund; receivers must take its absolute value.
            var sign = Chance(0.3) ? -1m : 1m;
            return sale with
            {
                TransactionId = NextTransactionId(),
                Type = partial ? "partial_refund" : "refund",
                Date = _now,
                FullAmount = sign * amount,
                BaseAmount = sign * (partial ? amount : sale.BaseAmount),
                Discount = partial ? 0m : sale.Discount,
                Tax = partial ? 0m : sign * sale.Tax,
                Shipping = partial ? 0m : sign * sale.Shipping,
                ParentId = sale.TransactionId,
            };
        }

        private SimulatedTransaction NewCancellation(SimulatedTransaction firstPayment) => firstPayment with
        {
            TransactionId = NextTransactionId(),
            Type = "cancellation",
            Date = _now,
            ParentId = 0,
            PayNumber = 1,
        };

        private long NextTransactionId() => _nextTransactionId += _rng.Next(1, 40);

        private static decimal TaxRate(SimulatedLead lead) => lead.Country.VatRate > 0
            ? lead.Country.VatRate
            : lead.Country.Name == "United States" ? lead.City.State switch { "NY" => 0.08875m, "TX" => 0.0825m, "IL" => 0.1025m, _ => 0m } : 0m;

        private static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

        private Country PickCountry()
        {
            var roll = _rng.Next(Countries.Sum(c => c.Weight));
            foreach (var country in Countries)
                if ((roll -= country.Weight) < 0) return country;
            return Countries[0];
        }

        private bool Chance(double probability) => _rng.NextDouble() < probability;

        private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

        /// <summary>An item picked with falling odds down the list: the first few come up often, the last rarely.</summary>
        private T PickSkewed<T>(IReadOnlyList<T> items) => items[(int)(items.Count * Math.Pow(_rng.NextDouble(), 3))];
    }

    private static readonly IReadOnlyList<SimulatedProduct> OneOffProducts = Products.Where(p => !p.Recurring).ToList();
    private static readonly IReadOnlyList<SimulatedProduct> RecurringProducts = Products.Where(p => p.Recurring).ToList();
    private static readonly IReadOnlyList<decimal> CouponRates = [0.10m, 0.20m, 0.25m];

    private static readonly IReadOnlyList<string> FavoriteDishes =
        ["beef lasagna", "Phở bò", "寿司", "Борщ", "Jollof rice", "Paella valenciana", "Käsespätzle", "كشري", "Feijoada", "비빔밥", ""];

    private static readonly IReadOnlyList<string> AboutTexts =
    [
        "I run a small bakery and want to sell online.\nMostly cakes 🍰",
        "Coach for \"busy\" parents – 10 years of experience.",
        "Freelance designer.\r\nLooking for my first 10 clients.",
        "Just curious :)",
        "",
    ];

    private static readonly IReadOnlyList<CatalogItem> BusinessStages = [new(1, "Idea"), new(2, "Launching"), new(3, "Growing"), new(4, "Scaling")];
    private static readonly IReadOnlyList<CatalogItem> ContactChannels = [new(1, "Email"), new(2, "Phone"), new(3, "WhatsApp"), new(4, "Telegram")];
    private static readonly IReadOnlyList<CatalogItem> Interests =
        [new(1, "Email marketing"), new(2, "Sales funnels"), new(3, "Video"), new(4, "Memberships"), new(5, "Affiliate marketing")];
}
