package com.companion.chat.turn;

import com.companion.chat.Caller;
import com.companion.chat.guardian.GuardianGate;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.SafetyPolicy;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Mono;

/**
 * What a turn checks before anything is written: a minor's guardian policy, and safety-filter's
 * verdict on the user's text under the caller's product and age policy. Blocked text is refused
 * (only its usage event is recorded); a disclosure of self-harm is never refused, it decides how
 * the reply cares for the user.
 */
final class InputCheck {

  private final GuardianGate guardians;
  private final ContentSafety safety;
  private final TurnRecorder recorder;
  private final String blockedInputText;

  InputCheck(
      GuardianGate guardians,
      ContentSafety safety,
      TurnRecorder recorder,
      String blockedInputText) {
    this.guardians = guardians;
    this.safety = safety;
    this.recorder = recorder;
    this.blockedInputText = blockedInputText;
  }

  /** A minor's guardian policy: checked first, so a refused turn takes no key, lease or check. */
  Mono<Void> admit(Caller caller) {
    return guardians.admit(caller);
  }

  /**
   * Starts the safety check of the user's text now: it is the slowest step before the model and
   * depends on neither the key nor the lease, so it runs while they are taken.
   */
  Mono<ModerationVerdict> begin(String text, Caller caller) {
    Mono<ModerationVerdict> check = safety.checkInput(text, caller).cache();
    check.subscribe(verdict -> {}, error -> {});
    return check;
  }

  /**
   * The verdict begun earlier, applied.
   *
   * @param check from {@link #begin}; null when the turn has no user text
   */
  Mono<Screening> screen(Ticket ticket, Mono<ModerationVerdict> check) {
    if (check == null) {
      return Mono.just(Screening.NONE);
    }
    return check.flatMap(
        verdict -> {
          Screening screening = new Screening(verdict, SafetyPolicy.care(verdict, ticket.minor()));
          if (!SafetyPolicy.blocksInput(verdict, ticket.minor())) {
            return Mono.just(screening);
          }
          return recorder
              .inputBlocked(ticket)
              .then(
                  Mono.error(
                      PlatformProblem.of(
                              HttpStatusCode.valueOf(422),
                              ProblemType.CONTENT_BLOCKED,
                              blockedInputText)
                          .with("categories", verdict.categories())));
        });
  }
}
