package com.companion.analytics.intake;

import com.companion.contracts.events.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Parses each input record, drops repeats of an event id, refuses events older than the grace
 * period, and stamps what passes with its event time so every later step works in event time.
 *
 * <p>De-duplication needs no repartition: a repeat carries the same Kafka key as the original (the
 * outbox relay keys by aggregate, the edge by user), so it lands in the same partition and task.
 * The seen ids live in a window store that forgets them after the grace period plus a day; a repeat
 * of an event that old would be refused as late anyway.
 */
public final class IntakeProcessor implements Processor<String, String, String, Intake> {

  public static final String DEDUP_STORE = "intake-seen-ids";
  public static final String WATERMARK_STORE = "intake-watermark";
  private static final String WATERMARK = "max-event-time";

  private final EventParser parser = new EventParser();
  private final Duration grace;
  private ProcessorContext<String, Intake> context;
  private WindowStore<String, Long> seen;
  private KeyValueStore<String, Long> watermark;

  public IntakeProcessor(Duration grace) {
    this.grace = grace;
  }

  @Override
  public void init(ProcessorContext<String, Intake> context) {
    this.context = context;
    this.seen = context.getStateStore(DEDUP_STORE);
    this.watermark = context.getStateStore(WATERMARK_STORE);
  }

  @Override
  public void process(Record<String, String> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    Parsed parsed = parser.parse(source.topic(), record.value());
    switch (parsed) {
      case Parsed.Ignored ignored -> {}
      case Parsed.Rejected rejected -> reject(record, source, rejected.reason());
      case Parsed.Accepted accepted -> accept(record, source, accepted.fact());
    }
  }

  private void accept(Record<String, String> record, RecordMetadata source, Fact fact) {
    Long max = watermark.get(WATERMARK);
    // a deletion is applied however late it comes: it changes no figure, it only forgets; so is
    // who owns a character, which only says whose figures a character's figures are
    if (max != null
        && fact.time() < max - grace.toMillis()
        && !fact.forgetsUser()
        && fact.characterOwner() == null) {
      reject(
          record,
          source,
          "late: event time "
              + Instant.ofEpochMilli(fact.time())
              + " is more than "
              + grace
              + " behind "
              + Instant.ofEpochMilli(max));
      return;
    }
    if (isRepeat(fact)) {
      return;
    }
    seen.put(fact.eventId(), fact.time(), fact.time());
    if (max == null || fact.time() > max) {
      watermark.put(WATERMARK, fact.time());
    }
    context.forward(new Record<>(record.key(), Intake.accepted(fact), fact.time()));
  }

  private boolean isRepeat(Fact fact) {
    try (WindowStoreIterator<Long> hits = seen.fetch(fact.eventId(), fact.time(), fact.time())) {
      return hits.hasNext();
    }
  }

  private void reject(Record<String, String> record, RecordMetadata source, String reason) {
    String payload = record.value();
    String key = record.key();
    if (Topics.ACCOUNT_LIFECYCLE.equals(source.topic())) {
      // account events carry the raw account id, in the key and the data: their dead letter keeps
      // only where the record was
      payload = null;
      key = null;
    }
    if (payload != null && payload.length() > DeadLetter.MAX_PAYLOAD_CHARS) {
      payload = payload.substring(0, DeadLetter.MAX_PAYLOAD_CHARS);
    }
    DeadLetter letter =
        new DeadLetter(
            reason,
            source.topic(),
            source.partition(),
            source.offset(),
            record.timestamp(),
            key,
            payload);
    context.forward(new Record<>(key, Intake.rejected(letter), record.timestamp()));
  }
}
