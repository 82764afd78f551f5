package dev.peerl.runtime.node;

import dev.peerl.runtime.PeerlSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This node's full name and cookie, resolved from the settings as erl resolves them: a bare name
 * gets the short host name ({@code erl -sname}), or the fully qualified one with {@code
 * peerl.name-type = long} ({@code erl -name}); a missing cookie is read from {@code
 * $HOME/.erlang.cookie}.
 */
record LocalIdentity(String nodeName, String cookie) {

  static LocalIdentity resolve(PeerlSettings settings) {
    String name =
        settings
            .nodeName()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "peerl.node-name is not set: give the node a name (name or name@host)"));
    String full =
        name.indexOf('@') >= 0
            ? name
            : name + "@" + (settings.longNames() ? longHostName(fullHostName()) : shortHostName());
    String cookie = settings.cookie().orElseGet(LocalIdentity::homeCookie);
    return new LocalIdentity(full, cookie);
  }

  /** What {@code hostname -s} prints, which is what {@code erl -sname} uses. */
  static String shortHostName() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      int dot = host.indexOf('.');
      return dot > 0 ? host.substring(0, dot) : host;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The host part of a long name: what {@code erl -name} takes, a name with a domain. */
  static String longHostName(String fullHostName) {
    if (fullHostName.indexOf('.') < 0) {
      throw new IllegalStateException(
          "peerl.name-type = long needs a fully qualified host name, and this machine's, "
              + fullHostName
              + ", has no domain (erl -name refuses it too): set peerl.node-name to"
              + " name@host.domain or name@ip-address");
    }
    return fullHostName;
  }

  /** The machine's fully qualified name, as the resolver gives it. */
  static String fullHostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static String homeCookie() {
    Path file = Path.of(System.getProperty("user.home"), ".erlang.cookie");
    try {
      String cookie = Files.readString(file, StandardCharsets.ISO_8859_1).trim();
      if (cookie.isEmpty()) {
        throw new IllegalStateException(file + " is empty; set peerl.cookie");
      }
      return cookie;
    } catch (IOException e) {
      throw new IllegalStateException(
          "peerl.cookie is not set and " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Leaves the cookie out: it is a secret. */
  @Override
  public String toString() {
    return "LocalIdentity[nodeName=" + nodeName + "]";
  }
}
