package com.companion.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker has acknowledged
 * them.
 *
 * <p>Order per key: one relay per schema works at a time (a PostgreSQL advisory lock, so extra
 * replicas stand by), rows go out in id order, and a round stops at the first failed send; the
 * failed row and everything after it are retried next round. The idempotent producer keeps
 * broker-side order under its own retries.
 *
 * <p>When: shortly after a transaction that appended through {@link Outbox} commits in this process
 * ({@link #wake()}), and every poll interval for rows that no wake-up announced (written by another
 * replica, or left by a failed round). "Shortly" is the gather delay: a busy service commits many
 * events a second, and one round for all that arrived within the delay costs one transaction, one
 * advisory lock and one produce request instead of one each per event. So an event leaves within
 * the gather delay of its change, and an idle service does not ask the database five times a
 * second.
 *
 * <p>Delivery is at least once: if the relay dies between the acknowledgement and the delete, the
 * rows are sent again. Consumers drop repeats by the CloudEvents {@code id}.
 */
public final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Supplier<Producer<String, String>> producers;
  private Producer<String, String> producer;
  private final String schema;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration gatherDelay;
  private final Duration sendTimeout;
  private final Semaphore wakeups = new Semaphore(0);
  private final AtomicLong roundsThatPublished = new AtomicLong();
  private ExecutorService executor;
  private volatile boolean running;

  public OutboxRelay(
      DataSource dataSource,
      String bootstrapServers,
      String schema,
      int batchSize,
      Duration pollInterval,
      Duration gatherDelay) {
    this(
        dataSource,
        () -> new KafkaProducer<>(producerConfig(bootstrapServers)),
        schema,
        batchSize,
        pollInterval,
        gatherDelay);
  }

  OutboxRelay(
      DataSource dataSource,
      Supplier<Producer<String, String>> producers,
      String schema,
      int batchSize,
      Duration pollInterval,
      Duration gatherDelay) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.producers = producers;
    this.schema = checkedSchema(schema);
    this.batchSize = batchSize;
    this.pollInterval = pollInterval;
    this.gatherDelay = gatherDelay;
    this.sendTimeout = Duration.ofSeconds(30);
  }

  public static String checkedSchema(String schema) {
    if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("invalid outbox schema name: " + schema);
    }
    return schema;
  }

  static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        5,
        // Fail a round quickly while Kafka is down; the rows stay and the next round retries.
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        5_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        20_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        10_000,
        ProducerConfig.LINGER_MS_CONFIG,
        5,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class);
  }

  /**
   * Publishes one round of pending rows.
   *
   * @return how many rows were published and removed, or -1 when another relay holds the lock
   */
  public int publishPending() {
    Integer published =
        transactions.execute(
            status -> {
              Boolean locked =
                  jdbc.queryForObject(
                      "select pg_try_advisory_xact_lock(hashtext(?))",
                      Boolean.class,
                      "outbox:" + schema);
              if (!Boolean.TRUE.equals(locked)) {
                return -1;
              }
              List<Row> rows =
                  jdbc.query(
                      "select id, topic, message_key, payload::text from "
                          + schema
                          + ".outbox order by id limit ?",
                      (rs, i) ->
                          new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                      batchSize);
              long lastSent = send(rows);
              if (lastSent < 0) {
                return 0;
              }
              roundsThatPublished.incrementAndGet();
              return jdbc.update("delete from " + schema + ".outbox where id <= ?", lastSent);
            });
    return published == null ? 0 : published;
  }

  /** Sends rows in order and returns the id of the last one acknowledged before any failure. */
  private long send(List<Row> rows) {
    Producer<String, String> producer = producer();
    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        acks.add(producer.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
      } catch (RuntimeException e) {
        log.warn(
            "outbox {}: cannot send event {} to {}: {}",
            schema,
            row.id(),
            row.topic(),
            e.toString());
        break;
      }
    }
    long lastSent = -1;
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        lastSent = rows.get(i).id();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        log.warn(
            "outbox {}: event {} not acknowledged: {}", schema, rows.get(i).id(), e.toString());
        break;
      }
    }
    return lastSent;
  }

  /** The producer of this run; a relay that was stopped gets a new one when it runs again. */
  private synchronized Producer<String, String> producer() {
    if (producer == null) {
      producer = producers.get();
    }
    return producer;
  }

  /** Rows waiting to be published, for health and metrics. */
  public long pending() {
    Long count = jdbc.queryForObject("select count(*) from " + schema + ".outbox", Long.class);
    return count == null ? 0 : count;
  }

  /** Rounds that published at least one row since the start: how well the gather delay batches. */
  public long roundsThatPublished() {
    return roundsThatPublished.get();
  }

  /**
   * Says that rows were committed: the relay publishes them now instead of at its next poll. Many
   * calls before it gets to run count as one.
   */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "outbox-relay-" + schema);
              thread.setDaemon(true);
              return thread;
            });
    running = true;
    executor.execute(this::run);
  }

  /** Rounds on every wake-up, and every poll interval for rows no wake-up announced. */
  private void run() {
    while (running) {
      round();
      try {
        if (wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)
            && !gatherDelay.isZero()
            && running) {
          // let the commits of the next moments join this round
          Thread.sleep(gatherDelay);
        }
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void round() {
    try {
      while (running && publishPending() >= batchSize) {
        // a full batch means more rows are waiting: keep going without the poll delay
      }
    } catch (RuntimeException e) {
      log.warn("outbox {}: relay round failed: {}", schema, e.toString());
    }
  }

  @Override
  public void stop() {
    running = false;
    wakeups.release();
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
        producer = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private record Row(long id, String topic, String key, String payload) {}
}
