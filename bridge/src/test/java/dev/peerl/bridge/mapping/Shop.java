package dev.peerl.bridge.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java side of the records in {@code peerl_mapping_test.erl}: a small shop whose people, orders
 * and key-value commands both sides use.
 */
final class Shop {
  private Shop() {}

  /** {@code -record(address, {street, zip}).} */
  record Address(String street, int zip) {}

  /** {@code -record(person, {name, age, email = undefined, address}).} */
  record Person(String name, int age, Optional<String> email, Address address) {
    Person {
      if (age < 0) {
        throw new IllegalArgumentException("age must not be negative: " + age);
      }
    }
  }

  enum Status {
    IN_STOCK,
    BACK_ORDERED,
    @TermName("gone")
    DISCONTINUED
  }

  /** {@code -record(order_line, {sku, quantity, unit_price, status}).} */
  record OrderLine(String sku, int quantity, double unitPrice, Status status) {}

  /** {@code -record(order, {id, customer, lines = [], tags = #{}}).} */
  record Order(long id, Person customer, List<OrderLine> lines, Map<String, Integer> tags) {}

  /** A key-value store's commands: {@code {put, K, V}}, {@code {get, K}}, {@code {get, K, D}}. */
  sealed interface Command permits Put, Get, GetOr, Control {}

  record Put(String key, long value) implements Command {}

  record Get(String key) implements Command {}

  /** Same tag as {@link Get}, one more element: told apart by arity. */
  @TermRecord(tag = "get")
  record GetOr(String key, long fallback) implements Command {}

  /** Commands without arguments are atoms: {@code stop}, {@code flush}. */
  enum Control implements Command {
    STOP,
    FLUSH
  }

  /** The store's replies: {@code {value, V}}, {@code ok}, {@code not_found}. */
  sealed interface Reply permits Value, Ack {}

  record Value(long value) implements Reply {}

  enum Ack implements Reply {
    OK,
    NOT_FOUND
  }

  /** An Elixir struct, {@code %Shop.User{name: ..., nickname: nil, roles: [...]}}. */
  @TermRecord(tag = "Elixir.Shop.User", style = RecordStyle.MAP)
  record User(String name, Optional<String> nickname, List<Role> roles) {}

  enum Role {
    ADMIN,
    MEMBER
  }

  /** A plain pair, {@code {X, Y}}. */
  @TermRecord(style = RecordStyle.TUPLE)
  record Point(int x, int y) {}

  record Tree(String label, List<Tree> children) {}

  record Box<T>(T value) {}
}
