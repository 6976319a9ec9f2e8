package com.companion.safety.export;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.Pseudonyms;
import com.companion.platform.outbox.OutboxProperties;
import com.companion.safety.export.ExportCursor.Part;
import com.companion.safety.export.internal.ExportStore;
import com.companion.safety.export.internal.ExportStore.Position;
import com.companion.safety.export.internal.ExportStore.Row;
import com.companion.safety.review.Report;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds a user's {@link SafetyExport}, a page at a time. The user is matched by id and, for the
 * decisions about them, also by pseudonym: character reviews name a character's creator by
 * pseudonym, so strikes and sanctions from them are stored under it. Blocking (JDBC).
 */
@Service
public class SafetyExports {

  /** What a page holds when the caller does not say: an ordinary user's whole history. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  public static final int MAX_PAGE_SIZE = 500;

  private final ExportStore store;
  private final TransactionTemplate tx;
  private final Pseudonyms pseudonyms;
  private final Clock clock;

  public SafetyExports(
      ExportStore store, TransactionTemplate tx, OutboxProperties outbox, Clock clock) {
    this.store = store;
    this.tx = tx;
    this.pseudonyms = new Pseudonyms(outbox.pseudonymKey());
    this.clock = clock;
  }

  /**
   * One page of at most {@code limit} rows of the three lists together.
   *
   * @param cursor the previous page's {@code next_cursor}, or {@code null} for the first page
   */
  public SafetyExport page(PlatformPrincipal caller, String cursor, int limit) {
    ExportCursor from = ExportCursor.decode(cursor);
    // microseconds: what PostgreSQL keeps, so a row at this very time still counts as before it
    Instant asOf = from == null ? clock.instant().truncatedTo(ChronoUnit.MICROS) : from.asOf();
    String product = caller.product();
    String[] ids = {caller.userId(), pseudonyms.of(caller.userId())};
    // one transaction, so that a decision committed between two reads cannot show half of itself
    // on this page
    return tx.execute(
        s -> {
          PageFill fill = new PageFill(from, asOf, limit);
          List<Report> reports =
              fill.next(
                  Part.REPORTS,
                  (after, n) -> store.reportsFiled(caller.userId(), product, asOf, after, n));
          List<SafetyExport.Strike> strikes =
              fill.next(Part.STRIKES, (after, n) -> store.strikes(ids, product, asOf, after, n));
          List<SafetyExport.Sanction> sanctions =
              fill.next(
                  Part.SANCTIONS, (after, n) -> store.sanctions(ids, product, asOf, after, n));
          return new SafetyExport(
              SafetyExport.SOURCE,
              SafetyExport.SCHEMA_VERSION,
              asOf,
              product,
              reports,
              strikes,
              sanctions,
              fill.nextCursor());
        });
  }

  /** A list's rows after a position, at most the given number. */
  private interface Read<T> {
    List<Row<T>> after(Position after, int limit);
  }

  /**
   * Fills one page through the lists in their order. Each list is asked for one row more than the
   * page has room for: that row, left for the next page, tells whether there is one, without a
   * count. Once the page is full, a later list's one row is that look-ahead.
   */
  private static final class PageFill {

    private final ExportCursor from;
    private final Instant asOf;
    private int room;
    private ExportCursor last;
    private boolean more;

    PageFill(ExportCursor from, Instant asOf, int limit) {
      this.from = from;
      this.asOf = asOf;
      this.room = limit;
    }

    <T> List<T> next(Part part, Read<T> read) {
      if (more || (from != null && part.compareTo(from.part()) < 0)) {
        return List.of();
      }
      Position after = from != null && from.part() == part ? from.after() : null;
      List<Row<T>> rows = read.after(after, room + 1);
      int taken = Math.min(room, rows.size());
      List<T> items = new ArrayList<>(taken);
      for (Row<T> row : rows.subList(0, taken)) {
        items.add(row.item());
      }
      if (taken > 0) {
        last = new ExportCursor(asOf, part, rows.get(taken - 1).position());
      }
      more = rows.size() > taken;
      room -= taken;
      return items;
    }

    /** After the last row of this page; {@code null} when nothing is left. */
    String nextCursor() {
      return more ? last.encode() : null;
    }
  }
}
