package com.companion.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A consumer's settings as a service binds them, and the loop they describe. */
class ConsumerSettingsTest {

  /** A service's properties with one consumer, as the services declare theirs. */
  record ServiceProperties(@DefaultValue ConsumerSettings accountDeletions) {

    ServiceProperties {
      accountDeletions =
          accountDeletions.orDefaults("account.lifecycle", "service.account-deletions");
    }
  }

  private static ConsumerSettings bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("service", ServiceProperties.class)
        .accountDeletions();
  }

  @Test
  void nothingSetConsumesTheServicesTopicAsItsGroup() {
    assertThat(bind(Map.of()))
        .isEqualTo(
            new ConsumerSettings(
                true, "account.lifecycle", "service.account-deletions", Duration.ofSeconds(2)));
  }

  @Test
  void whatIsSetWins() {
    assertThat(
            bind(
                Map.of(
                    "service.account-deletions.consume", "false",
                    "service.account-deletions.topic", "other.topic",
                    "service.account-deletions.group-id", "other-group",
                    "service.account-deletions.retry-backoff", "250ms")))
        .isEqualTo(
            new ConsumerSettings(false, "other.topic", "other-group", Duration.ofMillis(250)));
  }

  @Test
  void onlyTheSwitchSetKeepsTheOtherDefaults() {
    assertThat(bind(Map.of("service.account-deletions.consume", "false")))
        .isEqualTo(
            new ConsumerSettings(
                false, "account.lifecycle", "service.account-deletions", Duration.ofSeconds(2)));
  }

  @Test
  void aConsumerTurnedOffNeverStartsWithTheContext() {
    ConsumerSettings on = bind(Map.of());
    ConsumerSettings off = bind(Map.of("service.account-deletions.consume", "false"));

    assertThat(new KafkaEventLoop("on", "127.0.0.1:9", on, record -> {}).isAutoStartup()).isTrue();
    assertThat(new KafkaEventLoop("off", "127.0.0.1:9", off, record -> {}).isAutoStartup())
        .isFalse();
  }
}
