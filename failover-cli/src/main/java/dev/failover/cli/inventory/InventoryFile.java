package dev.failover.cli.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.failover.errors.NotFoundException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.access.BuiltInRole;
import dev.failover.access.ImmutablePrincipal;
import dev.failover.access.Principal;
import dev.failover.access.ScopeAccessBit;
import dev.failover.access.ScopeGrant;
import dev.failover.access.ServerAccessBit;
import dev.failover.access.ServerGrant;
import dev.failover.spi.Texts;
import dev.failover.scope.Subnet;
import dev.failover.server.Credential;
import dev.failover.server.ImmutableServer;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's inventory file: the servers the tool manages (vendor, the address partners use,
 * the management endpoint, backend options, a credential) and the principals it acts for (built-in
 * roles and access bits). YAML or JSON; secrets are never in the file itself but named there: an
 * environment variable ({@code passwordEnv}) or a file ({@code passwordFile}).
 *
 * <pre>{@code
 * servers:
 *   - id: kea-a
 *     vendor: kea
 *     address: 192.0.2.21
 *     endpoint: http://192.0.2.21:8000/
 *     credential: {user: admin, passwordEnv: KEA_PASSWORD}
 * principals:
 *   - name: alice
 *     roles: [dhcp-administrators]
 * defaultPrincipal: alice
 * auditLog: /var/log/failover/audit.jsonl   # optional; relative to the file's directory
 * }</pre>
 *
 * <p>Every problem in the file is reported at once, each naming its place
 * ({@code servers[1].credential.passwordEnv}); a secret's value never appears in a message.
 */
public final class InventoryFile {

  /** Files larger than this are refused before parsing. */
  public static final long MAX_BYTES = 4L * 1024 * 1024;

  private static final Set<String> TOP = Set.of("servers", "principals", "defaultPrincipal", "auditLog");
  private static final Set<String> SERVER = Set.of("id", "vendor", "address", "endpoint", "options", "credential",
      "credentials");
  private static final Set<String> CREDENTIAL = Set.of("user", "passwordEnv", "passwordFile");
  private static final Set<String> PRINCIPAL = Set.of("name", "roles", "serverGrants", "scopeGrants");
  private static final Set<String> SERVER_GRANT = Set.of("server", "bits");
  private static final Set<String> SCOPE_GRANT = Set.of("server", "subnet", "bits");

  private final Inventory inventory;
  private final Map<String, Principal> principals;
  private final Optional<String> defaultPrincipal;
  private final Optional<Path> auditLog;

  private InventoryFile(Inventory inventory, Map<String, Principal> principals, Optional<String> defaultPrincipal,
      Optional<Path> auditLog) {
    this.inventory = inventory;
    this.principals = principals;
    this.defaultPrincipal = defaultPrincipal;
    this.auditLog = auditLog;
  }

  /**
   * Reads an inventory file: YAML unless its name ends in {@code .json}.
   *
   * @param env where {@code passwordEnv} variables are looked up (normally {@link System#getenv()})
   * @param file the inventory file
   * @return the inventory, its principals and default principal
   * @throws ValidationException listing every problem of the file
   */
  public static InventoryFile read(Path file, Map<String, String> env) {
    String where = "inventory file " + file;
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw invalid(where, "file", file.toString(), "must be at most " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw invalid(where, "file", file.toString(), "must be a readable file (" + Texts.failure(e) + ")");
    }
    boolean json = file.getFileName() != null
        && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    return parse(new String(bytes, StandardCharsets.UTF_8), json, where, env, file.toAbsolutePath().getParent());
  }

  /**
   * Reads an inventory from a class path resource (YAML), such as the sandbox's sample inventory.
   *
   * @param anchor the class whose loader finds the resource
   * @param name the resource's name
   * @param env where {@code passwordEnv} variables are looked up
   * @return the inventory, its principals and default principal
   */
  public static InventoryFile resource(Class<?> anchor, String name, Map<String, String> env) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the tool's jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), false, "inventory " + name, env, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  /**
   * Parses inventory text.
   *
   * @param json whether the text is JSON (else YAML)
   * @param where what to call the source in messages
   * @param base the directory relative {@code passwordFile} paths are resolved against; null: the working directory
   * @param text the inventory text
   * @param env where {@code passwordEnv} variables are looked up
   * @return the inventory, its principals and default principal
   */
  public static InventoryFile parse(String text, boolean json, String where, Map<String, String> env, Path base) {
    ObjectMapper mapper = json ? JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
        : YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      // YAML: the parser's problem mark (where the offending character is), the last place its message names
      java.util.regex.Matcher mark = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)")
          .matcher(String.valueOf(e.getOriginalMessage()));
      while (mark.find()) {
        at = "line " + mark.group(1) + ", column " + mark.group(2);
      }
      throw invalid(where, "file", at, "must be valid " + (json ? "JSON" : "YAML") + ": " + problem(e.getOriginalMessage()));
    }
    return of(root, where, env, base);
  }

  /**
   * An inventory from its parsed tree, checked as {@link #parse} checks a file's (the sandbox
   * builds its own tree and writes it as its inventory file, so it does not parse it again).
   *
   * @param root the inventory's tree
   * @param where what to call the source in messages
   * @param env where {@code passwordEnv} variables are looked up
   * @param base the directory relative {@code passwordFile} paths are resolved against; null: the working directory
   * @return the inventory, its principals and default principal
   */
  public static InventoryFile of(JsonNode root, String where, Map<String, String> env, Path base) {
    Violations v = Violations.collect();
    if (root == null || !root.isObject()) {
      throw invalid(where, "file", root == null ? "empty" : root.getNodeType().toString().toLowerCase(Locale.ROOT),
          "must be a mapping with servers and principals");
    }
    unknownKeys(v, "", root, TOP);
    List<Server> servers = new ArrayList<>();
    JsonNode serverList = root.path("servers");
    if (!serverList.isArray() || serverList.isEmpty()) {
      v.check(false, "servers", kind(serverList), "must be a non-empty list of servers");
    } else {
      for (int i = 0; i < serverList.size(); i++) {
        server(v, "servers[" + i + "]", serverList.get(i), env, base).ifPresent(servers::add);
      }
    }
    Map<String, Principal> principals = new LinkedHashMap<>();
    JsonNode principalList = root.path("principals");
    if (!principalList.isMissingNode() && !principalList.isArray()) {
      v.check(false, "principals", kind(principalList), "must be a list of principals");
    } else {
      for (int i = 0; i < principalList.size(); i++) {
        String at = "principals[" + i + "]";
        principal(v, at, principalList.get(i)).ifPresent(p -> {
          if (principals.putIfAbsent(p.name(), p) != null) {
            v.check(false, at + ".name", Texts.quoted(p.name()), "must be unique among the principals");
          }
        });
      }
    }
    Optional<String> defaultPrincipal = Optional.empty();
    JsonNode dp = root.path("defaultPrincipal");
    if (!dp.isMissingNode()) {
      if (!dp.isTextual()) {
        v.check(false, "defaultPrincipal", kind(dp), "must be the name of a principal");
      } else {
        v.check(principals.containsKey(dp.asText()), "defaultPrincipal", Texts.quoted(dp.asText()),
            "must be the name of one of the principals");
        defaultPrincipal = Optional.of(dp.asText());
      }
    }
    Optional<Path> auditLog = Optional.empty();
    JsonNode al = root.path("auditLog");
    if (!al.isMissingNode()) {
      if (!al.isTextual() || al.asText().isBlank() || al.asText().indexOf('\0') >= 0) {
        v.check(false, "auditLog", kind(al), "must be the path of the audit log file (JSON Lines)");
      } else {
        try {
          auditLog = Optional.of(base == null ? Path.of(al.asText()) : base.resolve(al.asText()));
        } catch (java.nio.file.InvalidPathException e) {
          v.check(false, "auditLog", Texts.quoted(al.asText()), "must be a valid path (" + e.getReason() + ")");
        }
      }
    }
    Inventory inventory = null;
    if (v.isEmpty()) {
      try {
        inventory = Inventory.of(servers);
      } catch (ValidationException e) {
        v.addAll("", e.violations());
      }
    }
    checkGrantServers(v, principals, servers);
    v.throwIfAny(where);
    return new InventoryFile(inventory, principals, defaultPrincipal, auditLog);
  }

  /** {@return the servers the file lists} */
  public Inventory inventory() {
    return inventory;
  }

  /** {@return the principals, by name, in file order} */
  public Map<String, Principal> principals() {
    return principals;
  }

  /** {@return the principal commands act for when none is named} */
  public Optional<String> defaultPrincipal() {
    return defaultPrincipal;
  }

  /**
   * {@return the audit log the file names ({@code auditLog})}: where the tool appends one JSON line
   * per attempt to change a server; a relative path is relative to the inventory file's directory.
   */
  public Optional<Path> auditLog() {
    return auditLog;
  }

  /**
   * {@return the principal with that name}
   *
   * @param name the principal's name
   * @throws NotFoundException naming the known principals
   */
  public Principal principal(String name) {
    Principal p = principals.get(name);
    if (p == null) {
      throw new NotFoundException("principal", Texts.quoted(name), "in the inventory; "
          + dev.failover.cli.Suggestions.known("principals", name, principals.keySet()));
    }
    return p;
  }

  // ------------------------------------------------------------------------------------------

  private static Optional<Server> server(Violations v, String at, JsonNode node, Map<String, String> env, Path base) {
    if (!node.isObject()) {
      v.check(false, at, kind(node), "must be a mapping with id, vendor, address and endpoint");
      return Optional.empty();
    }
    int before = v.list().size();
    unknownKeys(v, at + ".", node, SERVER);
    ServerId id = text(v, at + ".id", node.path("id")).map(t -> parse(v, at + ".id", () -> ServerId.of(t))).orElse(null);
    Vendor vendor = text(v, at + ".vendor", node.path("vendor")).map(t -> vendor(v, at + ".vendor", t)).orElse(null);
    String address = text(v, at + ".address", node.path("address")).orElse(null);
    URI endpoint = text(v, at + ".endpoint", node.path("endpoint")).map(t -> uri(v, at + ".endpoint", t)).orElse(null);
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode opts = node.path("options");
    if (!opts.isMissingNode()) {
      if (!opts.isObject()) {
        v.check(false, at + ".options", kind(opts), "must be a mapping of text to text");
      } else {
        for (Map.Entry<String, JsonNode> e : opts.properties()) {
          if (e.getValue().isValueNode() && !e.getValue().isNull()) {
            options.put(e.getKey(), e.getValue().asText());
          } else {
            v.check(false, at + ".options." + e.getKey(), kind(e.getValue()), "must be text");
          }
        }
      }
    }
    Optional<Credential> credential = Optional.empty();
    JsonNode cred = node.path("credential");
    if (!cred.isMissingNode()) {
      credential = credential(v, at + ".credential", cred, env, base);
    }
    Map<String, Credential> credentials = new java.util.LinkedHashMap<>();
    JsonNode creds = node.path("credentials");
    if (!creds.isMissingNode()) {
      if (!creds.isObject()) {
        v.check(false, at + ".credentials", kind(creds), "must be a mapping of purpose (omapi) to credential");
      } else {
        for (Map.Entry<String, JsonNode> e : creds.properties()) {
          credential(v, at + ".credentials." + e.getKey(), e.getValue(), env, base)
              .ifPresent(c -> credentials.put(e.getKey(), c));
        }
      }
    }
    if (v.list().size() > before) {
      return Optional.empty();
    }
    ImmutableServer.Builder b = Server.builder().id(id).vendor(vendor).address(address).endpoint(endpoint)
        .options(options).credentials(credentials);
    credential.ifPresent(b::credential);
    return Optional.ofNullable(parse(v, at, b::build));
  }

  private static Optional<Credential> credential(Violations v, String at, JsonNode node, Map<String, String> env,
      Path base) {
    if (!node.isObject()) {
      v.check(false, at, kind(node), "must be a mapping with user and passwordEnv or passwordFile");
      return Optional.empty();
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!CREDENTIAL.contains(key)) {
        boolean secretLike = key.toLowerCase(Locale.ROOT).matches(".*(secret|password|passwd|key|token).*");
        // the value is never shown: it may be a secret written where it must not be
        v.check(false, at + "." + key, "(hidden)", secretLike
            ? "must not hold a secret in the file: name an environment variable (passwordEnv) or a file (passwordFile)"
            : "is not a credential field (known: user, passwordEnv, passwordFile)");
      }
    }
    Optional<String> user = text(v, at + ".user", node.path("user"));
    boolean hasEnv = !node.path("passwordEnv").isMissingNode();
    boolean hasFile = !node.path("passwordFile").isMissingNode();
    if (hasEnv == hasFile) {
      v.check(false, at, hasEnv ? "passwordEnv and passwordFile" : "neither", "must name exactly one of passwordEnv or passwordFile");
      return Optional.empty();
    }
    Secret secret = null;
    if (hasEnv) {
      Optional<String> name = text(v, at + ".passwordEnv", node.path("passwordEnv"));
      if (name.isPresent()) {
        String value = env.get(name.get());
        if (value == null || value.isEmpty()) {
          v.check(false, at + ".passwordEnv", Texts.quoted(name.get()), "must name a set, non-empty environment variable");
        } else {
          secret = Secret.of(value);
        }
      }
    } else {
      Optional<String> name = text(v, at + ".passwordFile", node.path("passwordFile"));
      if (name.isPresent()) {
        Path file = base == null ? Path.of(name.get()) : base.resolve(name.get());
        try {
          String value = stripNewline(Files.readString(file, StandardCharsets.UTF_8));
          if (value.isEmpty()) {
            v.check(false, at + ".passwordFile", Texts.quoted(name.get()), "must name a non-empty file");
          } else {
            secret = Secret.of(value);
          }
        } catch (IOException e) {
          v.check(false, at + ".passwordFile", Texts.quoted(name.get()),
              "must name a readable file (" + Texts.failure(e) + ")");
        }
      }
    }
    if (user.isEmpty() || secret == null) {
      return Optional.empty();
    }
    Secret s = secret;
    return Optional.ofNullable(parse(v, at, () -> Credential.of(user.get(), s)));
  }

  private static Optional<Principal> principal(Violations v, String at, JsonNode node) {
    if (!node.isObject()) {
      v.check(false, at, kind(node), "must be a mapping with a name");
      return Optional.empty();
    }
    int before = v.list().size();
    unknownKeys(v, at + ".", node, PRINCIPAL);
    Optional<String> name = text(v, at + ".name", node.path("name"));
    Set<BuiltInRole> roles = EnumSet.noneOf(BuiltInRole.class);
    list(v, at + ".roles", node.path("roles")).forEach((i, n) -> text(v, at + ".roles[" + i + "]", n)
        .map(t -> word(v, at + ".roles[" + i + "]", t, BuiltInRole.values(), BuiltInRole::name))
        .ifPresent(roles::add));
    List<ServerGrant> serverGrants = new ArrayList<>();
    list(v, at + ".serverGrants", node.path("serverGrants")).forEach((i, g) -> {
      String ga = at + ".serverGrants[" + i + "]";
      if (!g.isObject()) {
        v.check(false, ga, kind(g), "must be a mapping with server and bits");
        return;
      }
      unknownKeys(v, ga + ".", g, SERVER_GRANT);
      ServerId server = text(v, ga + ".server", g.path("server")).map(t -> parse(v, ga + ".server", () -> ServerId.of(t)))
          .orElse(null);
      Set<ServerAccessBit> bits = EnumSet.noneOf(ServerAccessBit.class);
      list(v, ga + ".bits", g.path("bits")).forEach((j, b) -> text(v, ga + ".bits[" + j + "]", b)
          .map(t -> word(v, ga + ".bits[" + j + "]", t, ServerAccessBit.values(), ServerAccessBit::name))
          .ifPresent(bits::add));
      if (server != null) {
        serverGrants.add(dev.failover.access.ImmutableServerGrant.of(server, bits));
      }
    });
    List<ScopeGrant> scopeGrants = new ArrayList<>();
    list(v, at + ".scopeGrants", node.path("scopeGrants")).forEach((i, g) -> {
      String ga = at + ".scopeGrants[" + i + "]";
      if (!g.isObject()) {
        v.check(false, ga, kind(g), "must be a mapping with server, subnet and bits");
        return;
      }
      unknownKeys(v, ga + ".", g, SCOPE_GRANT);
      ServerId server = text(v, ga + ".server", g.path("server")).map(t -> parse(v, ga + ".server", () -> ServerId.of(t)))
          .orElse(null);
      Subnet subnet = text(v, ga + ".subnet", g.path("subnet")).map(t -> parse(v, ga + ".subnet", () -> Subnet.parse(t)))
          .orElse(null);
      Set<ScopeAccessBit> bits = EnumSet.noneOf(ScopeAccessBit.class);
      list(v, ga + ".bits", g.path("bits")).forEach((j, b) -> text(v, ga + ".bits[" + j + "]", b)
          .map(t -> word(v, ga + ".bits[" + j + "]", t, ScopeAccessBit.values(), ScopeAccessBit::name))
          .ifPresent(bits::add));
      if (server != null && subnet != null) {
        scopeGrants.add(dev.failover.access.ImmutableScopeGrant.of(server, subnet, bits));
      }
    });
    if (name.isEmpty() || v.list().size() > before) {
      return Optional.empty();
    }
    ImmutablePrincipal.Builder b = Principal.named(name.get()).roles(roles).serverGrants(serverGrants)
        .scopeGrants(scopeGrants);
    return Optional.ofNullable(parse(v, at, b::build));
  }

  private static void checkGrantServers(Violations v, Map<String, Principal> principals, List<Server> servers) {
    Set<ServerId> known = new java.util.HashSet<>();
    servers.forEach(s -> known.add(s.id()));
    if (known.isEmpty()) {
      return;
    }
    int i = 0;
    for (Principal p : principals.values()) {
      for (ServerGrant g : p.serverGrants()) {
        v.check(known.contains(g.server()), "principals[" + i + "].serverGrants.server", g.server(),
            "must be a server of the inventory");
      }
      for (ScopeGrant g : p.scopeGrants()) {
        v.check(known.contains(g.server()), "principals[" + i + "].scopeGrants.server", g.server(),
            "must be a server of the inventory");
      }
      i++;
    }
  }

  /** Reads a kebab-case word ({@code dhcp-administrators}) as the enum constant of that name. */
  private static <E extends Enum<E>> E word(Violations v, String at, String text, E[] values, Function<E, String> name) {
    String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (E e : values) {
      if (name.apply(e).equals(wanted)) {
        return e;
      }
    }
    List<String> known = new ArrayList<>();
    for (E e : values) {
      known.add(name.apply(e).toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    v.check(false, at, Texts.quoted(text), "must be one of " + String.join(", ", known));
    return null;
  }

  private static Vendor vendor(Violations v, String at, String text) {
    for (Vendor vendor : Vendor.values()) {
      if (vendor.name().equalsIgnoreCase(text.trim())) {
        return vendor;
      }
    }
    v.check(false, at, Texts.quoted(text), "must be one of isc, kea, windows");
    return null;
  }

  private static URI uri(Violations v, String at, String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null) {
        v.check(false, at, Texts.quoted(text), "must be an absolute URI (http://…, ssh://…, file:///…)");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      v.check(false, at, Texts.quoted(text), "must be a URI (" + e.getReason() + ")");
      return null;
    }
  }

  private static <T> T parse(Violations v, String at, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (ValidationException e) {
      v.addAll(at, e.violations());
      return null;
    }
  }

  private static Optional<String> text(Violations v, String at, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      v.check(false, at, "missing", "is required");
      return Optional.empty();
    }
    if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) {
      v.check(false, at, kind(node), "must be text");
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  /** The list's elements by index; a missing list is empty; anything else is a violation. */
  private static Map<Integer, JsonNode> list(Violations v, String at, JsonNode node) {
    Map<Integer, JsonNode> out = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return out;
    }
    if (!node.isArray()) {
      v.check(false, at, kind(node), "must be a list");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.put(i, node.get(i));
    }
    return out;
  }

  private static void unknownKeys(Violations v, String prefix, JsonNode node, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        v.check(false, prefix + Texts.quoted(key), "(not shown)", "is not a known field (known: "
            + known.stream().sorted().toList() + ")");
      }
    }
  }

  private static String kind(JsonNode node) {
    return node.isMissingNode() ? "missing" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static String stripNewline(String text) {
    String out = text;
    while (out.endsWith("\n") || out.endsWith("\r")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  /**
   * The parser's own account of the problem, without the excerpt it quotes: "while scanning for
   * the next token; found character '\t(TAB)' that cannot start any token. (Do not use \t(TAB) for
   * indentation)". The place (line, column) is the violation's value.
   */
  private static String problem(String text) {
    if (text == null) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.matches("\\s*in '[^']*', line \\d+, column \\d+:?\\s*") || line.matches("\\s*\\^\\s*")) {
        continue;
      }
      if (line.startsWith(" ") || line.startsWith("\t")) {
        // the parser's excerpt of the file: the place is given by line and column
        continue;
      }
      if (!line.isBlank()) {
        kept.add(line.strip());
      }
    }
    String joined = kept.isEmpty() ? firstLine(text) : String.join("; ", kept);
    return joined.replaceAll("\\p{Cntrl}", "?");
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static ValidationException invalid(String subject, String field, String value, String rule) {
    return new ValidationException(subject, List.of(new Violation(field, value, rule)));
  }
}
