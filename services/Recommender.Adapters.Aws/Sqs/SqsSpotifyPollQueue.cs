using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Aws.Sqs;

/// <summary>
/// The polling round's fan-out on an SQS FIFO queue (Aws:Sqs:SpotifyPollQueueUrl): one message {"user_id"} per account,
/// its message group the user (one account's polls never overlap; a failing account holds back only its own group), its
/// deduplication id a hash of round and user (a retried fan-out within SQS's 5-minute window enqueues nothing twice).
/// Sent 10 to a SendMessageBatch; entries SQS failed are sent again, then the round fails.
/// </summary>
public sealed class SqsSpotifyPollQueue(IAmazonSQS sqs, string queueUrl, int maxAttempts = 4) : ISpotifyPollQueue
{
    private const int BatchLimit = 10;

    public async Task EnqueueAsync(IReadOnlyList<string> userIds, string roundId, CancellationToken cancellationToken)
    {
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(BatchLimit))
        {
            var entries = chunk.Select((user, i) => new SendMessageBatchRequestEntry
            {
                Id = $"m{i}",
                MessageBody = JsonSerializer.Serialize(new PollMessage(user), PollMessageJson.Default.PollMessage),
                MessageGroupId = GroupId(user),
                MessageDeduplicationId = DeduplicationId(roundId, user),
            }).ToList();
            for (var attempt = 1; entries.Count > 0; attempt++)
            {
                var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, cancellationToken)
                    .ConfigureAwait(false);
                var failed = response.Failed ?? [];
                if (failed.Count == 0) break;
                if (attempt >= maxAttempts || failed.Any(f => f.SenderFault == true))
                    throw new InvalidOperationException($"SQS did not take {failed.Count} polls: {string.Join("; ", failed.Select(f => $"{f.Code}: {f.Message}"))}");
                var again = failed.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
                entries = entries.Where(e => again.Contains(e.Id)).ToList();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>SQS allows 128 characters of a-z, A-Z, 0-9 and punctuation; a user id may hold anything up to 256: hashed when it does not fit.</summary>
    internal static string GroupId(string userId) =>
        userId.Length <= 128 && userId.All(c => c is >= '!' and <= '~') ? userId : Hash(userId);

    internal static string DeduplicationId(string roundId, string userId) => Hash($"{roundId}\n{userId}");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The body of one poll message.</summary>
public sealed record PollMessage([property: System.Text.Json.Serialization.JsonPropertyName("user_id")] string UserId);

[System.Text.Json.Serialization.JsonSerializable(typeof(PollMessage))]
public sealed partial class PollMessageJson : System.Text.Json.Serialization.JsonSerializerContext;
