package dev.peerl.bridge.mapping;

/** How Java names (record classes, record components, enum constants) become atoms. */
public enum Naming {
  /**
   * Erlang's convention: {@code OrderLine} becomes {@code order_line}, {@code unitPrice} {@code
   * unit_price}, {@code IN_STOCK} {@code in_stock}, {@code HTTPServer} {@code http_server}.
   */
  SNAKE_CASE,
  /** The Java name unchanged: {@code 'OrderLine'}, {@code unitPrice}, {@code 'IN_STOCK'}. */
  AS_IS
}
