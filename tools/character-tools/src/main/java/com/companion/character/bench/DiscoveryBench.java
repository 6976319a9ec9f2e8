package com.companion.character.bench;

import com.companion.character.discovery.DiscoveryQuery;
import com.companion.character.discovery.DiscoveryQuery.Order;
import com.companion.character.discovery.DiscoveryService;
import com.companion.character.discovery.SearchText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Discovery query latency over a seeded catalogue, with the trigram index used and with it switched
 * off ({@code enable_bitmapscan = off}) in the same run. Creates a scratch database, applies {@code
 * migrations/character/V*.sql}, seeds it, measures, and drops it again.
 *
 * <p>Run from the repository root: {@code java -jar
 * tools/character-tools/target/character-tools.jar discovery-bench [characters] [admin-jdbc-url]
 * [keep]}
 */
public final class DiscoveryBench {

  private static final String[] WORDS =
      ("knight wizard detective pirate android vampire teacher dragon ghost captain healer "
              + "merchant assassin princess scientist sailor rebel monk hacker bard archer "
              + "city forest storm ocean desert castle station academy tavern library "
              + "quiet brave cunning gentle stubborn curious loyal mysterious cheerful")
          .split(" ");
  private static final String[] HANZI =
      ("骑士 巫师 侦探 海盗 机器人 吸血鬼 老师 龙 幽灵 船长 医生 商人 刺客 公主 科学家 水手 "
              + "城市 森林 风暴 海洋 沙漠 城堡 学院 酒馆 图书馆 安静 勇敢 温柔 好奇 忠诚 神秘")
          .split(" ");
  private static final int RUNS = 15;

  private DiscoveryBench() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String admin = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/postgres";
    String database = "character_bench_" + UUID.randomUUID().toString().substring(0, 8);
    // no server-side prepared statements: a cached plan would ignore the enable_bitmapscan switch
    String url = admin.substring(0, admin.lastIndexOf('/') + 1) + database + "?prepareThreshold=0";
    try (Connection root = DriverManager.getConnection(admin, "postgres", "")) {
      root.createStatement().execute("create database " + database);
    }
    try {
      run(url, count);
    } finally {
      if (args.length > 2 && args[2].equals("keep")) {
        System.out.println("kept database " + database);
        return;
      }
      try (Connection root = DriverManager.getConnection(admin, "postgres", "")) {
        root.createStatement().execute("drop database if exists " + database);
      }
    }
  }

  private static void run(String url, int count) throws Exception {
    SingleConnectionDataSource dataSource =
        new SingleConnectionDataSource(url, "postgres", "", true);
    try (Connection connection = dataSource.getConnection()) {
      migrate(connection);
      seed(connection, count);
    }
    DiscoveryService discovery = DiscoveryService.over(JdbcClient.create(dataSource));
    JdbcClient jdbc = JdbcClient.create(dataSource);
    record Case(String label, String q, String tag, Order order) {}
    List<Case> cases =
        List.of(
            new Case("no filter, trending", null, null, Order.TRENDING),
            new Case("tag 'pirate', most liked", null, "pirate", Order.MOST_LIKED),
            new Case("q 'lighthouse'", "lighthouse", null, Order.TRENDING),
            new Case("q 'lighthouse keeper'", "lighthouse keeper", null, Order.TRENDING),
            new Case("q 'detective' (common)", "detective", null, Order.NEWEST),
            new Case("q '灯塔看守人'", "灯塔看守人", null, Order.TRENDING),
            new Case("q '灯塔' (2 chars)", "灯塔", null, Order.TRENDING),
            new Case("q '侦探' (common)", "侦探", null, Order.NEWEST),
            new Case("q 'zzzqqq' (no match)", "zzzqqq", null, Order.TRENDING));
    System.out.printf(
        Locale.ROOT,
        "%d characters, first page of 20, median of %d runs%n%-28s %6s %12s %12s %8s%n",
        count,
        RUNS,
        "query",
        "hits",
        "index ms",
        "no-index ms",
        "speedup");
    for (Case c : cases) {
      List<String> terms = c.q() == null ? List.of() : SearchText.terms(c.q());
      var query =
          new DiscoveryQuery(
              "glow",
              false,
              c.order(),
              c.tag() == null ? null : SearchText.tagKeys(List.of(c.tag())).get(0),
              terms,
              null,
              null,
              20);
      jdbc.sql("set enable_bitmapscan = on").update();
      int hits = discovery.find(query).size();
      double indexed = median(() -> discovery.find(query));
      jdbc.sql("set enable_bitmapscan = off").update();
      double scanned = median(() -> discovery.find(query));
      jdbc.sql("set enable_bitmapscan = on").update();
      System.out.printf(
          Locale.ROOT,
          "%-28s %6d %12.2f %12.2f %7.1fx%n",
          c.label(),
          hits,
          indexed,
          scanned,
          scanned / indexed);
    }
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cores%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    dataSource.destroy();
  }

  private static double median(Runnable query) {
    query.run();
    double[] times = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      query.run();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[RUNS / 2];
  }

  private static void migrate(Connection connection) throws IOException, SQLException {
    Path folder = Path.of("migrations", "character");
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).toList();
    }
    files =
        files.stream()
            .sorted(
                (a, b) ->
                    Integer.compare(
                        Integer.parseInt(
                            a.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1")),
                        Integer.parseInt(
                            b.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
            .toList();
    try (Statement statement = connection.createStatement()) {
      statement.execute("create schema character");
      statement.execute("set search_path = character, public");
      for (Path file : files) {
        statement.execute(Files.readString(file));
      }
      statement.execute("set search_path = \"$user\", public");
    }
  }

  /** Mixed English/Chinese catalogue; one in a hundred is a lighthouse keeper (灯塔看守人). */
  private static void seed(Connection connection, int count) throws SQLException {
    Random random = new Random(42);
    Instant now = Instant.now();
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
            insert into character.characters (id, owner_id, product, visibility, review_status,
              approved_version, published_at, latest_version, name, description_preview, tags,
              tag_keys, search_text, search_grams, like_count, trending_score, created_at,
              updated_at)
            values (?, 'bench', 'glow', 'public', 'approved', 1, ?, 1, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)
            """)) {
      for (int i = 0; i < count; i++) {
        boolean chinese = random.nextBoolean();
        StringBuilder description = new StringBuilder();
        for (int w = 0; w < 60; w++) {
          description
              .append(
                  chinese
                      ? HANZI[random.nextInt(HANZI.length)]
                      : WORDS[random.nextInt(WORDS.length)])
              .append(chinese ? "" : " ");
        }
        if (i % 100 == 0) {
          description.append(chinese ? "灯塔看守人" : " an old lighthouse keeper");
        }
        String name =
            (chinese ? HANZI : WORDS)[random.nextInt(chinese ? HANZI.length : WORDS.length)] + i;
        List<String> tags = new ArrayList<>();
        tags.add(WORDS[random.nextInt(WORDS.length)]);
        tags.add(WORDS[random.nextInt(WORDS.length)]);
        Timestamp published = Timestamp.from(now.minusSeconds(random.nextInt(90 * 86400)));
        insert.setObject(1, UUID.randomUUID());
        insert.setTimestamp(2, published);
        insert.setString(3, name);
        insert.setArray(4, connection.createArrayOf("text", tags.toArray()));
        insert.setArray(5, connection.createArrayOf("text", SearchText.tagKeys(tags).toArray()));
        String searchText =
            SearchText.normalize(name + "\n" + String.join(" ", tags) + "\n" + description);
        insert.setString(6, searchText);
        insert.setArray(
            7, connection.createArrayOf("text", SearchText.grams(searchText).toArray()));
        insert.setLong(8, random.nextInt(5000));
        insert.setDouble(9, random.nextDouble() * 100);
        insert.setTimestamp(10, published);
        insert.setTimestamp(11, published);
        insert.addBatch();
        if (i % 1000 == 999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    connection.commit();
    connection.setAutoCommit(true);
    connection.createStatement().execute("analyze character.characters");
  }
}
