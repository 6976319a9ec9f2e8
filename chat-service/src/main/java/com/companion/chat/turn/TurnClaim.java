package com.companion.chat.turn;

import com.companion.chat.ChatProperties;
import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.Message;
import com.companion.chat.turn.internal.IdempotencyStore;
import com.companion.chat.turn.internal.IdempotencyStore.Claim;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatusCode;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stage that commits a turn: its {@code Idempotency-Key} (a finished request is answered again,
 * a running or different one refused), the conversation's turn lease, so one turn at a time runs
 * per conversation, and the user's message as the conversation's new head, all in one transaction.
 * The recorder settles or releases them when the turn ends.
 */
final class TurnClaim {

  /** What claiming found. */
  sealed interface Claimed {
    /** A finished request with the same key and body: its outcome, answered again. */
    record Replay(TurnOutcome outcome) implements Claimed {}

    /**
     * The key (if any) and the lease are this turn's now.
     *
     * @param userMessage the user's message as stored; null for a turn without one
     */
    record Granted(Message userMessage) implements Claimed {}
  }

  private static final Claim NO_KEY = new Claim.Started();

  private final IdempotencyStore keys;
  private final Conversations conversations;
  private final TransactionTemplate transactions;
  private final ChatProperties properties;
  private final Clock clock;
  private final JsonMapper json;

  TurnClaim(
      IdempotencyStore keys,
      Conversations conversations,
      TransactionTemplate transactions,
      ChatProperties properties,
      Clock clock,
      JsonMapper json) {
    this.keys = keys;
    this.conversations = conversations;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
    this.json = json;
  }

  /**
   * Claims the key and the lease and stores the user's message, in one transaction: when the
   * conversation is busy, the rollback takes the key back with it, so a retry with the same key
   * runs once the other turn is over.
   *
   * @param requestFingerprint what the request asked for: the same key with another request is a
   *     422
   * @param userMessage stored as the new head once the lease is taken; null for a turn without one
   * @param abandoned what a claim granted after its caller left must give back: the transaction
   *     runs to its end even then, so the lease does not hold the conversation until it expires
   */
  Mono<Claimed> claim(
      Ticket ticket,
      String requestFingerprint,
      Message userMessage,
      Consumer<Claimed.Granted> abandoned) {
    return Blocking.callToTheEnd(
            () -> commit(ticket, requestFingerprint, userMessage),
            attempt -> {
              if (attempt.leased()) {
                abandoned.accept(new Claimed.Granted(attempt.stored()));
              }
            })
        .flatMap(
            attempt ->
                switch (attempt.key()) {
                  case Claim.Replay replay ->
                      Mono.just(
                          new Claimed.Replay(
                              json.readValue(replay.outcomeJson(), TurnOutcome.class)));
                  case Claim.Running running ->
                      Mono.error(
                          PlatformProblem.conflict(
                              "a request with this Idempotency-Key is still running"));
                  case Claim.Mismatch mismatch ->
                      Mono.error(
                          PlatformProblem.of(
                                  HttpStatusCode.valueOf(422),
                                  ProblemType.UNPROCESSABLE,
                                  "this Idempotency-Key was used for a different request")
                              .with("field", "Idempotency-Key"));
                  case Claim.Started started ->
                      attempt.leased()
                          ? Mono.just(new Claimed.Granted(attempt.stored()))
                          : Mono.error(
                              PlatformProblem.conflict(
                                  "a reply is already being written in this conversation"));
                });
  }

  /** The claim's one transaction. */
  private Attempt commit(Ticket ticket, String requestFingerprint, Message userMessage) {
    try {
      return transactions.execute(
          status -> {
            Instant now = clock.instant();
            Attempt attempt =
                ticket.key() == null
                    ? new Attempt(NO_KEY, lease(ticket, now), null)
                    : claimKeyAndLease(ticket, requestFingerprint, now);
            if (!attempt.leased()) {
              // a busy conversation takes the new key back; a replayed, running or mismatched key
              // wrote nothing, so rolling back is the same as committing
              status.setRollbackOnly();
              if (attempt.key() instanceof Claim.Started
                  && !conversations.holdIfPresent(ticket.conversation().id())) {
                // deleted since it was read (its account erased): not a busy one
                throw gone(ticket);
              }
              return attempt;
            }
            if (userMessage == null) {
              return attempt;
            }
            Message stored = conversations.appendMessage(userMessage);
            conversations.setHead(ticket.conversation().id(), stored.id(), now);
            return new Attempt(attempt.key(), true, stored);
          });
    } catch (DataIntegrityViolationException e) {
      // the key's row references the conversation, which was deleted since it was read
      throw gone(ticket);
    }
  }

  /**
   * What one claim found: the key's state, whether the lease was taken with a new key, and the user
   * message stored with them.
   */
  private record Attempt(Claim key, boolean leased, Message stored) {}

  private Attempt claimKeyAndLease(Ticket ticket, String requestFingerprint, Instant now) {
    Claim key =
        keys.claim(
            ticket.userId(),
            ticket.product(),
            ticket.key(),
            sha256(requestFingerprint),
            ticket.conversation().id(),
            now,
            now.plus(properties.idempotencyKeyTtl()),
            now.minus(properties.turnLease()));
    return new Attempt(key, key instanceof Claim.Started && lease(ticket, now), null);
  }

  private boolean lease(Ticket ticket, Instant now) {
    Conversation c = ticket.conversation();
    return conversations.acquireTurn(
        c.id(),
        ticket.userId(),
        c.product(),
        ticket.turnId(),
        now,
        now.minus(properties.turnLease()));
  }

  /**
   * Keeps the outcome for the key; in the reply's transaction, which frees the conversation with
   * {@link Conversations#finishTurn}.
   */
  void settle(Ticket ticket, TurnOutcome outcome) {
    if (ticket.key() != null) {
      keys.complete(
          ticket.userId(), ticket.product(), ticket.key(), json.writeValueAsString(outcome));
    }
  }

  /** Frees the conversation and the key of a turn that left nothing; in the undo's transaction. */
  void release(Ticket ticket) {
    conversations.releaseTurn(ticket.conversation().id(), ticket.turnId());
    if (ticket.key() != null) {
      keys.forget(ticket.userId(), ticket.product(), ticket.key());
    }
  }

  private static PlatformProblem gone(Ticket ticket) {
    return PlatformProblem.notFound(
        "conversation " + ticket.conversation().id() + " was not found");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
