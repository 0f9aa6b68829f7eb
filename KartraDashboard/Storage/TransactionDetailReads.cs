using KartraDashboard.Ingestion;
using LiteDB;
using T = KartraDashboard.Storage.Schema.Transactions;
using TM = KartraDashboard.Storage.Schema.TransactionMoney;

namespace KartraDashboard.Storage;

/// <summary>One transaction id with every record stored under it, the sale it refunds or the refunds of it, and its subscription.</summary>
public sealed record TransactionDetail(
    IReadOnlyList<TransactionRow> Records,
    IReadOnlyList<TransactionRow> Refunds,
    TransactionRow? Sale,
    SubscriptionItem? Subscription,
    bool RefundsExceedSale);

/// <summary>
/// Reads one transaction by its id through the keys' prefix (every record of an id shares it), its
/// sale through transaction_parent_id the same way, and the sale's refunds through the keys the
/// sale keeps of them: a handful of seeks, whatever the file's size.
/// </summary>
public sealed class TransactionDetailReads(Database db, SubscriptionReads subscriptions)
{
    public TransactionDetail? Find(string transactionId)
    {
        using var read = db.BeginRead();
        var transactions = db.Collection(T.Collection);
        var records = Ledger.RecordsOf(transactions, transactionId);
        if (records.Count == 0) return null;

        var ownSale = records.FirstOrDefault(d => d[T.Type].AsString == TransactionTypes.Sale);
        BsonDocument? parentSale = null;
        if (ownSale is null)
            foreach (var record in records)
                if (SubscriptionFields.Of(TransactionFieldsPacking.Unpack(record[T.Fields])).ParentId is { } parent)
                {
                    parentSale = Ledger.RecordsOf(transactions, parent).FirstOrDefault(d => d[T.Type].AsString == TransactionTypes.Sale);
                    if (parentSale is not null) break;
                }

        var sale = ownSale ?? parentSale;
        var refunds = sale is not null && sale[TM.Refunds].IsArray
            ? sale[TM.Refunds].AsArray.Select(k => transactions.FindById(k)).Where(d => d is not null).ToList()
            : [];
        var exceeds = sale is not null && refunds.Sum(Amount) > Amount(sale);

        var subscriptionId = records.Select(d => Bson.Str(d[TM.Subscription])).FirstOrDefault(s => s is not null);
        return new TransactionDetail(
            records.Select(EventDocs.ToTransaction).ToList(),
            ownSale is null ? [] : refunds.Select(EventDocs.ToTransaction).ToList(),
            parentSale is null ? null : EventDocs.ToTransaction(parentSale),
            subscriptionId is null ? null : subscriptions.Find(subscriptionId),
            exceeds);
    }

    private static decimal Amount(BsonDocument tx) => Bson.Flag(tx[T.AmountRejected]) ? 0m : Math.Abs(Bson.Decimal(tx[T.FullAmount]) ?? 0m);
}
