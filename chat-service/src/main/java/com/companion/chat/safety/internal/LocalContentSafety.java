package com.companion.chat.safety.internal;

import com.companion.chat.Caller;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.engine.Moderator;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.SupportiveReply;
import com.companion.safety.stream.ModerationStream;
import com.companion.safety.stream.StreamVerdict;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@link ContentSafety} in process: safety-filter's own pipeline (the shared safety engine) under
 * the snapshot of lexicon, policies and classifier that {@link SnapshotFollower} keeps in step with
 * safety-filter. A check costs tens of microseconds of CPU and no network, Redis or JSON; a reply's
 * hold-back state lives in this process for the one generation it belongs to. Without a recent
 * snapshot every call goes to {@code remote} (safety-filter over HTTP) as before.
 */
public final class LocalContentSafety implements ContentSafety, AutoCloseable {

  private final Supplier<Moderator> moderators;
  private final Supplier<Mono<Void>> refresh;
  private final Runnable onClose;
  private final ContentSafety remote;

  /**
   * @param moderators the moderator in force, or null while there is none
   */
  LocalContentSafety(
      Supplier<Moderator> moderators,
      Supplier<Mono<Void>> refresh,
      Runnable onClose,
      ContentSafety remote) {
    this.moderators = moderators;
    this.refresh = refresh;
    this.onClose = onClose;
    this.remote = remote;
  }

  /**
   * Moderates in process once safety-filter's snapshot arrives, asking {@code remote} until then.
   *
   * @param safetyFilter a client for safety-filter
   * @param serviceKey this service's credential for safety-filter's internal paths
   * @param poll how often the snapshot is checked for changes (the staleness bound)
   * @param maxStaleness how long a snapshot is used while safety-filter cannot confirm it
   */
  public static LocalContentSafety following(
      WebClient safetyFilter,
      String serviceKey,
      Duration poll,
      Duration timeout,
      Duration maxStaleness,
      Clock clock,
      ContentSafety remote) {
    SnapshotFollower follower =
        new SnapshotFollower(safetyFilter, serviceKey, poll, timeout, maxStaleness, clock);
    return new LocalContentSafety(follower::current, follower::refresh, follower::close, remote);
  }

  /** Asks safety-filter for its snapshot now; completes when it is in force (or unchanged). */
  public Mono<Void> refresh() {
    return refresh.get();
  }

  /** Whether a recent snapshot is in force (chat turns are then moderated in process). */
  public boolean inProcess() {
    return moderators.get() != null;
  }

  @Override
  public void close() {
    onClose.run();
  }

  @Override
  public Mono<ModerationVerdict> checkInput(String text, Caller caller) {
    Moderator moderator = moderators.get();
    if (moderator == null) {
      return remote.checkInput(text, caller);
    }
    return Mono.fromSupplier(
        () -> verdict(moderator.check(text, product(caller), ageGroup(caller))));
  }

  @Override
  public ReplyModeration openReply(Caller caller) {
    Moderator moderator = moderators.get();
    if (moderator == null) {
      return remote.openReply(caller);
    }
    return new InProcessReply(moderator.openStream(product(caller), ageGroup(caller)));
  }

  static ModerationVerdict verdict(Moderator.Verdict v) {
    SupportiveReply s = v.support();
    return new ModerationVerdict(
        action(v.action()),
        v.flagged(),
        s == null
            ? null
            : new ModerationVerdict.Support(s.locale(), s.message(), s.checkIn(), s.resources()));
  }

  private static ModerationVerdict.Action action(Action action) {
    return switch (action) {
      case ALLOW -> ModerationVerdict.Action.ALLOW;
      case FLAG_FOR_REVIEW -> ModerationVerdict.Action.FLAG_FOR_REVIEW;
      case REDACT -> ModerationVerdict.Action.REDACT;
      case BLOCK -> ModerationVerdict.Action.BLOCK;
    };
  }

  private static String product(Caller caller) {
    return caller == null || caller.principal() == null ? null : caller.principal().product();
  }

  private static AgeGroup ageGroup(Caller caller) {
    return caller != null && caller.principal() != null && caller.principal().isMinor()
        ? AgeGroup.MINOR
        : AgeGroup.ADULT;
  }

  /** One reply's {@link ModerationStream}; the stream is used by one generation at a time. */
  private static final class InProcessReply implements ReplyModeration {
    private final ModerationStream stream;

    InProcessReply(ModerationStream stream) {
      this.stream = stream;
    }

    @Override
    public Mono<Release> push(String text) {
      return Mono.fromSupplier(
          () -> {
            synchronized (stream) {
              return stream.isStopped() ? stopped() : release(stream.push(text));
            }
          });
    }

    @Override
    public Mono<Release> close() {
      return Mono.fromSupplier(
          () -> {
            synchronized (stream) {
              return release(stream.close());
            }
          });
    }

    private static Release stopped() {
      return new Release(
          "", new ModerationVerdict(ModerationVerdict.Action.BLOCK, List.of()), true);
    }

    private static Release release(StreamVerdict v) {
      List<String> categories = v.categories().stream().map(Category::wireName).toList();
      return new Release(
          v.released(),
          new ModerationVerdict(action(v.action()), categories),
          v.stopped(),
          v.replacement());
    }
  }
}
