package com.companion.safety.lexicon;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.Access;
import com.companion.safety.config.ChangeNotifier;
import com.companion.safety.lexicon.internal.LexiconStore;
import com.companion.safety.moderation.Category;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /v1/admin/lexicons}: moderators and admins read, only admins change. Every change is a new
 * lexicon version, audited, and reaches every replica through {@link ChangeNotifier}.
 */
@RestController
public class LexiconAdminController {

  /** A term on the wire. */
  public record TermView(String category, String language, String term, double weight) {
    static TermView of(LexiconTerm t) {
      return new TermView(t.category().wireName(), t.language(), t.term(), t.weight());
    }
  }

  /** Body of an addition. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AddTerm(
      String category, String language, String term, Double weight, String reason) {}

  /** The lexicon in use on this replica. */
  public record LexiconView(long version, List<TermView> items) {}

  /** The answer to a change. */
  public record ChangeView(long version, String action, TermView term) {}

  static final Set<String> LANGUAGES = Set.of("zh", "en");
  static final int MAX_TERM_CHARS = 64;

  private final LexiconRegistry registry;
  private final LexiconStore store;
  private final ChangeNotifier notifier;

  public LexiconAdminController(
      LexiconRegistry registry, LexiconStore store, ChangeNotifier notifier) {
    this.registry = registry;
    this.store = store;
    this.notifier = notifier;
  }

  @GetMapping("/v1/admin/lexicons")
  public LexiconView list(
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String language,
      PlatformPrincipal caller) {
    Access.requireModerator(caller);
    LexiconMatcher m = registry.get();
    return new LexiconView(
        m.version(),
        m.terms().stream()
            .filter(t -> category == null || t.category().wireName().equals(category))
            .filter(t -> language == null || t.language().equals(language))
            .map(TermView::of)
            .toList());
  }

  @GetMapping("/v1/admin/lexicons/changes")
  public Mono<List<LexiconStore.Change>> changes(
      @RequestParam(defaultValue = "0") long after,
      @RequestParam(defaultValue = "100") int limit,
      PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return Mono.fromCallable(() -> store.changes(after, Math.min(Math.max(limit, 1), 500)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @PostMapping("/v1/admin/lexicons/terms")
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<ChangeView> add(@RequestBody AddTerm body, PlatformPrincipal caller) {
    Access.requireAdmin(caller);
    if (body == null) {
      throw PlatformProblem.badRequest("a body is required");
    }
    double weight = body.weight() == null ? 0.9 : body.weight();
    if (!(weight > 0 && weight <= 1)) {
      throw PlatformProblem.badRequest("weight lies in (0, 1]").with("field", "weight");
    }
    LexiconTerm term = term(body.category(), body.language(), body.term(), weight);
    return Mono.fromCallable(
            () -> {
              long version = store.add(term, caller.userId(), body.reason());
              notifier.publish("lexicon");
              return new ChangeView(version, "add", TermView.of(term));
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  @DeleteMapping("/v1/admin/lexicons/terms")
  public Mono<ChangeView> remove(
      @RequestParam String category,
      @RequestParam String language,
      @RequestParam String term,
      @RequestParam(required = false) String reason,
      PlatformPrincipal caller) {
    Access.requireAdmin(caller);
    LexiconTerm t = term(category, language, term, 0.9);
    return Mono.fromCallable(
            () -> {
              long version =
                  store
                      .remove(t, caller.userId(), reason)
                      .orElseThrow(() -> PlatformProblem.notFound("no such active term"));
              notifier.publish("lexicon");
              return new ChangeView(version, "remove", TermView.of(t));
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static LexiconTerm term(String category, String language, String term, double weight) {
    Category c;
    try {
      c = Category.fromWire(category == null ? "" : category);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest("unknown category").with("field", "category");
    }
    if (language == null || !LANGUAGES.contains(language)) {
      throw PlatformProblem.badRequest("language is zh or en").with("field", "language");
    }
    if (term == null || term.isBlank() || term.length() > MAX_TERM_CHARS) {
      throw PlatformProblem.badRequest("term must be 1-" + MAX_TERM_CHARS + " chars")
          .with("field", "term");
    }
    return new LexiconTerm(c, language, term.strip(), weight);
  }
}
