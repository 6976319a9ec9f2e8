package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Products as tenants, roles and minors, probed the way an outsider would: the same account id
 * under another product, a moderator reviewing their own card, a minor opening ids it was given,
 * hand-made cursors.
 */
class TenancyAndAccessIT extends ApiTestBase {

  @Test
  void theSameAccountInAnotherProductSeesNoneOfItsCharactersPersonasVersionsOrLikes() {
    String account = "user-" + UUID.randomUUID();
    User inGlow = user(account, "glow", AgeGroup.ADULT, Role.USER, Role.CREATOR);
    User inTalkie = user(account, "talkie", AgeGroup.ADULT, Role.USER, Role.CREATOR);
    String id = create(inGlow, "Glow secret", "private").get("id").stringValue();
    String unlisted = create(inGlow, "Glow link", "unlisted").get("id").stringValue();
    ok(post(inGlow, "/v1/personas", "{\"name\":\"Glow me\",\"description\":\"x\"}"));
    String glowFavourite = create(adult(), "Glow favourite", "unlisted").get("id").stringValue();
    like(inGlow, glowFavourite);
    User talkieCreator = user("user-" + UUID.randomUUID(), "talkie", AgeGroup.ADULT, Role.USER);
    String talkieFavourite =
        create(talkieCreator, "Talkie favourite", "unlisted").get("id").stringValue();
    like(inTalkie, talkieFavourite);

    problem(get(inTalkie, "/v1/characters/" + id), 404);
    problem(get(inTalkie, "/v1/characters/" + unlisted), 404);
    problem(get(inTalkie, "/v1/characters/" + id + "/versions"), 404);
    problem(get(inTalkie, "/v1/characters/" + unlisted + "/versions"), 404);
    problem(put(inTalkie, "/v1/characters/" + id, "{\"name\":\"taken\"}"), 404);
    problem(delete(inTalkie, "/v1/characters/" + id), 404);
    assertThat(myCharacterCount(inTalkie)).isZero();
    assertThat(ok(get(inTalkie, "/v1/personas")).get("items").size()).isZero();
    assertThat(likedIds(inTalkie)).containsExactly(talkieFavourite);
    assertThat(myCharacterCount(inGlow)).isEqualTo(2);
    assertThat(ok(get(inGlow, "/v1/personas")).get("items").size()).isEqualTo(1);
    assertThat(ok(get(inGlow, "/v1/characters/" + id + "/versions")).get("items").size())
        .isEqualTo(1);
    assertThat(likedIds(inGlow)).containsExactly(glowFavourite);
  }

  private List<String> likedIds(User user) {
    List<String> ids = new ArrayList<>();
    ok(get(user, "/v1/me/likes"))
        .get("items")
        .forEach(item -> ids.add(item.get("character_id").stringValue()));
    return ids;
  }

  @Test
  void discoveryAndTheReviewQueueStayInsideTheProduct() {
    String marker = "tenant" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    User talkieCreator = user("user-" + UUID.randomUUID(), "talkie", AgeGroup.ADULT, Role.USER);
    User talkieModerator =
        user("user-" + UUID.randomUUID(), "talkie", AgeGroup.ADULT, Role.USER, Role.MODERATOR);
    String pending =
        create(talkieCreator, "{\"name\":\"" + marker + "\",\"visibility\":\"public\"}")
            .get("id")
            .stringValue();

    // a glow moderator neither sees nor decides talkie's review queue
    assertThat(ids(ok(get(moderator(), "/v1/characters/review-queue?limit=100"))))
        .doesNotContain(pending);
    problem(post(moderator(), "/v1/characters/" + pending + "/review", approve()), 404);
    assertThat(ids(ok(get(talkieModerator, "/v1/characters/review-queue?limit=100"))))
        .contains(pending);

    ok(post(talkieModerator, "/v1/characters/" + pending + "/review", approve()));
    assertThat(ids(ok(get(talkieCreator, "/v1/characters?q=" + marker)))).containsExactly(pending);
    assertThat(ids(ok(get(adult(), "/v1/characters?q=" + marker)))).isEmpty();
    problem(get(adult(), "/v1/characters/" + pending), 404);
  }

  @Test
  void aTokenForAProductTheServiceDoesNotServeIsRefused() {
    User stranger = user("user-" + UUID.randomUUID(), "no-such-app", AgeGroup.ADULT, Role.USER);
    JsonNode problem = problem(get(stranger, "/v1/me/characters"), 403);
    assertThat(problem.get("type").stringValue()).endsWith("/unknown-product");
    problem(post(stranger, "/v1/characters", "{\"name\":\"x\"}"), 403);
  }

  @Test
  void aModeratorCannotApproveTheirOwnCharacter() {
    User moderator = moderator();
    String own = create(moderator, "Mine to judge", "public").get("id").stringValue();
    JsonNode problem =
        problem(post(moderator, "/v1/characters/" + own + "/review", approve()), 403);
    assertThat(problem.get("type").stringValue()).endsWith("/cannot-review-own-character");
    assertThat(ok(get(moderator, "/v1/characters/" + own)).get("review_status").stringValue())
        .isEqualTo("pending");
    // another moderator can
    ok(post(moderator(), "/v1/characters/" + own + "/review", approve()));
  }

  @Test
  void minorsOpenOnlyApprovedGeneralCharactersById() {
    User creator = adult();
    String unlisted = create(creator, "Unlisted", "unlisted").get("id").stringValue();
    String pending = create(creator, "Pending", "public").get("id").stringValue();
    String approved =
        published(creator, "{\"name\":\"Fine\",\"visibility\":\"public\"}").get("id").stringValue();
    User kid = minor();
    problem(get(kid, "/v1/characters/" + unlisted), 404);
    problem(get(kid, "/v1/characters/" + pending), 404);
    problem(get(kid, "/v1/characters/" + pending + "/versions/1"), 404);
    problem(get(kid, "/v1/characters/" + unlisted + "/export?format=json"), 404);
    ok(get(kid, "/v1/characters/" + approved));
    // adults keep the documented access by id
    ok(get(adult(), "/v1/characters/" + unlisted));
    ok(get(adult(), "/v1/characters/" + pending));
  }

  @Test
  void matureCharactersAreForAdultsOnly() {
    String marker = "mature" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    User creator = adult();
    JsonNode created =
        published(
            creator,
            "{\"name\":\""
                + marker
                + "\",\"visibility\":\"public\",\"content_rating\":\"mature\"}");
    String id = created.get("id").stringValue();
    assertThat(created.get("content_rating").stringValue()).isEqualTo("mature");
    User kid = minor();
    problem(get(kid, "/v1/characters/" + id), 404);
    assertThat(ids(ok(get(kid, "/v1/characters?q=" + marker)))).isEmpty();
    assertThat(ids(ok(get(adult(), "/v1/characters?q=" + marker)))).containsExactly(id);
    ok(get(adult(), "/v1/characters/" + id));

    // a minor cannot rate their own character mature; general is the default
    JsonNode refused =
        problem(post(kid, "/v1/characters", "{\"name\":\"x\",\"content_rating\":\"mature\"}"), 403);
    assertThat(refused.get("type").stringValue()).endsWith("/minor-cannot-rate-mature");
    assertThat(create(kid, "Kid's", "private").get("content_rating").stringValue())
        .isEqualTo("general");
    problem(post(creator, "/v1/characters", "{\"name\":\"x\",\"content_rating\":\"R\"}"), 400);
  }

  @Test
  void craftedCursorsAreBadRequestsNotServerErrors() {
    User user = adult();
    String id = UUID.randomUUID().toString();
    List<String> cursors =
        List.of(
            cursor("discover-newest|9223372036854775807|" + id),
            cursor("discover-newest|-9223372036854775808|" + id),
            cursor("discover-trending|NaN|" + id),
            cursor("discover-trending|Infinity|" + id),
            cursor("discover-trending|1e400|" + id),
            cursor("discover-most_liked|-1|" + id),
            cursor("discover-trending|1.0|not-a-uuid"),
            cursor("discover-trending"),
            "%%%",
            "AAAA");
    for (String c : cursors) {
      String sort =
          c.equals(cursors.get(0)) || c.equals(cursors.get(1))
              ? "newest"
              : c.equals(cursors.get(5)) ? "most_liked" : "trending";
      problem(get(user, "/v1/characters?sort=" + sort + "&cursor=" + c), 400);
    }
    problem(
        get(user, "/v1/me/characters?cursor=" + cursor("mine|99999999999999999999|" + id)), 400);
    problem(
        get(moderator(), "/v1/characters/review-queue?cursor=" + cursor("review|-5|" + id)), 400);
  }

  private static String approve() {
    return "{\"decision\":\"approve\"}";
  }

  private static String cursor(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get("id").stringValue()));
    return ids;
  }
}
