package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.character.engagement.internal.EngagementRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Chat-start signals as chat-service sends them: many at once for one popular character. */
class ChatStartsIT extends ApiTestBase {

  @Autowired EngagementRepository engagement;
  @Autowired JdbcClient jdbc;

  @Test
  void startsArrivingAtOnceAreEachCountedAndTrendOncePerUserAndDay() throws Exception {
    User owner = adult();
    String id =
        published(owner, "{\"name\":\"Popular\",\"visibility\":\"public\"}")
            .get("id")
            .stringValue();
    List<User> chatters = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      chatters.add(adult());
    }
    int starts = 2 * chatters.size();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(starts);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < starts; i++) {
        User chatter = chatters.get(i % chatters.size());
        sent.add(
            pool.submit(
                () -> {
                  go.await();
                  post(chatter, "/v1/characters/" + id + "/chats", "{}")
                      .expectStatus()
                      .isNoContent();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> start : sent) {
        start.get();
      }
    } finally {
      pool.shutdownNow();
    }

    JsonNode stats = ok(get(owner, "/v1/characters/" + id + "/stats"));
    assertThat(stats.get("chat_count").longValue()).isEqualTo(starts);
    assertThat(stats.get("chats_last_week").longValue()).isEqualTo(starts);
    assertThat(stats.get("unique_chatters").longValue()).isEqualTo(chatters.size());
    // the approval (weight 1) and one chat signal (weight 1) per user: none lost, none doubled
    assertThat(stats.get("trending_score").doubleValue())
        .isGreaterThan(chatters.size() + 0.9)
        .isLessThan(chatters.size() + 1.01);
  }

  @Test
  void aStartForACharacterDeletedAfterItsReadCountsNothing() {
    UUID gone = UUID.randomUUID();
    Instant now = Instant.now();

    assertThat(engagement.recordChat(gone, "user-" + UUID.randomUUID(), LocalDate.now(), now, 1.0))
        .isFalse();
    assertThat(
            jdbc.sql("select count(*) from character.character_chats where character_id = ?")
                .param(gone)
                .query(Long.class)
                .single())
        .isZero();
  }
}
