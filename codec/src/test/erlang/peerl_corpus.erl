%%% @doc Random term corpus for the Peerl external term format codec tests.
%%%
%%% The Java codec must encode byte-identically to OTP's
%%% `term_to_binary(T, [{minor_version, 2}])'. This module produces the
%%% reference data for that comparison and re-encodes data produced by the
%%% Java side.
%%%
%%% == Corpus file (written by generate/3, read by reencode/2) ==
%%%
%%% A sequence of records, nothing else (no header):
%%% ```
%%% <<Len:32/big, Bin:Len/binary>>
%%% '''
%%% where `Bin = term_to_binary(T, [{minor_version, 2}])' (it starts with the
%%% version byte 131). generate/3 first writes a fixed list of hand-picked edge
%%% cases (see edge_cases/0), then `Count' random terms. The file is therefore
%%% `length(edge_cases()) + Count' records long.
%%%
%%% == Re-encoded file (written by reencode/2) ==
%%%
%%% Exactly one record per input record, in input order:
%%% ```
%%% <<0:8, Len:32/big, Bin:Len/binary>>   % success: Bin = term_to_binary(binary_to_term(In), [{minor_version, 2}])
%%% <<1:8, Len:32/big, Text:Len/binary>>  % failure: Text = "Class:Reason" as UTF-8
%%% '''
%%% A truncated input file yields one final failure record for the trailing
%%% bytes.
%%%
%%% == Canonical encodings worth knowing ==
%%%
%%% Every generated term re-encodes to the same bytes in OTP 25, except that
%%% maps with more than 32 keys (hash maps) have an implementation-defined key
%%% order: it is stable within one VM but differs between VMs, so those records
%%% may differ when reencode/2 runs in another VM than generate/3.
%%%
%%% The crafted foreign ports use NEW_PORT_EXT only for ids below 2^28,
%%% because OTP 25 encodes any port id of 2^28 or more as V4_PORT_EXT.
%%%
%%% The generator is seeded with `rand:seed(exsss, {Seed, Seed+1, Seed+2})'.
%%% Random terms are deterministic for a given seed, apart from the local
%%% pids, ports and references, which differ from run to run.
-module(peerl_corpus).

-export([generate/3, reencode/2, sample/1, compressed/3, printed/4, sort_check/1]).

-define(ENC_OPTS, [{minor_version, 2}]).
%% Number of distinct atom names random atoms are drawn from.
-define(ATOM_POOL_SIZE, 300).
%% Nesting depth of the random container terms.
-define(MAX_DEPTH, 8).
%% Nesting depth of the deliberately deep terms.
-define(DEEP, 100).

%%====================================================================
%% API
%%====================================================================

%% @doc Writes the edge cases followed by `Count' random terms to `File'.
-spec generate(file:filename(), non_neg_integer(), integer()) -> ok.
generate(File, Count, Seed) ->
    seed(Seed),
    Edge = [record(T) || T <- edge_cases()],
    Random = [record(random_term()) || _ <- lists:seq(1, Count)],
    ok = file:write_file(File, [Edge | Random]).

%% @doc Decodes every record of `InFile' and writes the OTP re-encoding of
%% each one to `OutFile'. A record that fails becomes a failure record.
-spec reencode(file:filename(), file:filename()) -> ok.
reencode(InFile, OutFile) ->
    {ok, Data} = file:read_file(InFile),
    ok = file:write_file(OutFile, reencode_records(Data, [])).

%% @doc Writes two records per term, the edge cases and `Count' random terms:
%% each term as generate/3 writes it, then `term_to_binary(T, [compressed])'
%% (which stays uncompressed when compressing would not make it smaller).
-spec compressed(file:filename(), non_neg_integer(), integer()) -> ok.
compressed(File, Count, Seed) ->
    seed(Seed),
    Terms = edge_cases() ++ [random_term() || _ <- lists:seq(1, Count)],
    Compressed = [{compressed, 9}, {minor_version, 2}],
    ok = file:write_file(
           File,
           [[record(T), record_of(term_to_binary(T, Compressed))] || T <- Terms]).

%% @doc Writes, for the edge cases and `Count' random terms, the term's record
%% (as generate/3 writes it) followed by `<<Len:32, Text:Len/binary>>', what
%% `io_lib:format(Format, [T])' prints, as UTF-8.
-spec printed(file:filename(), non_neg_integer(), integer(), string()) -> ok.
printed(File, Count, Seed, Format) ->
    seed(Seed),
    Terms = edge_cases() ++ [random_term() || _ <- lists:seq(1, Count)],
    ok = file:write_file(File, [[record(T), printed_text(T, Format)] || T <- Terms]).

printed_text(Term, Format) ->
    Text = unicode:characters_to_binary(io_lib:format(Format, [Term])),
    [<<(byte_size(Text)):32>>, Text].

%% @doc Reads the records of `File' (in the format generate/3 writes) and
%% tells whether they are in Erlang's term order: `sorted' or
%% `{unsorted, Index}' with the 0-based index of the first term that is
%% smaller than the one before it.
-spec sort_check(file:filename()) -> sorted | {unsorted, non_neg_integer()}.
sort_check(File) ->
    {ok, Data} = file:read_file(File),
    Terms = [binary_to_term(B) || <<Len:32, B:Len/binary>> <= Data],
    first_descent(Terms, 0).

first_descent([A, B | Rest], Index) when A =< B ->
    first_descent([B | Rest], Index + 1);
first_descent([_, _ | _], Index) ->
    {unsorted, Index + 1};
first_descent(_, _) ->
    sorted.

%% @doc Returns one random term from the same generator as generate/3.
-spec sample(integer()) -> term().
sample(Seed) ->
    seed(Seed),
    random_term().

%%====================================================================
%% Records
%%====================================================================

record(Term) ->
    record_of(term_to_binary(Term, ?ENC_OPTS)).

record_of(Bin) ->
    [<<(byte_size(Bin)):32>>, Bin].

reencode_records(<<>>, Acc) ->
    lists:reverse(Acc);
reencode_records(<<Len:32, Bin:Len/binary, Rest/binary>>, Acc) ->
    reencode_records(Rest, [reencode_one(Bin) | Acc]);
reencode_records(Trailing, Acc) ->
    Text = error_text(error, {truncated_record, byte_size(Trailing)}),
    lists:reverse([result(1, Text) | Acc]).

reencode_one(Bin) ->
    try term_to_binary(binary_to_term(Bin), ?ENC_OPTS) of
        Bin2 -> result(0, Bin2)
    catch
        Class:Reason -> result(1, error_text(Class, Reason))
    end.

result(Status, Payload) ->
    [<<Status:8, (byte_size(Payload)):32>>, Payload].

error_text(Class, Reason) ->
    case unicode:characters_to_binary(io_lib:format("~p:~p", [Class, Reason])) of
        Text when is_binary(Text) -> Text;
        _ -> <<"unprintable error">>
    end.

%%====================================================================
%% Random terms
%%====================================================================

seed(Seed) ->
    _ = rand:seed(exsss, {Seed, Seed + 1, Seed + 2}),
    ok.

%% A top-level random term. The weights make every kind frequent over a few
%% thousand terms; heavy kinds (100 KB binaries, 65536-element strings, deep
%% nesting) are rarer to keep the corpus a few megabytes.
random_term() ->
    gen(pick(top_weights()), ?MAX_DEPTH).

top_weights() ->
    [{60, small_int}, {60, boundary_int}, {40, bignum}, {50, random_int},
     {50, float}, {30, special_float},
     {50, atom}, {30, special_atom},
     {50, binary}, {35, bitstring}, {3, large_binary},
     {40, string}, {3, long_string}, {25, unicode_string},
     {50, list}, {35, improper_list},
     {50, tuple}, {15, large_tuple},
     {50, small_map}, {20, large_map},
     {25, local_pid}, {30, foreign_pid},
     {20, local_port}, {30, foreign_port},
     {20, local_ref}, {30, foreign_ref},
     {20, export_fun}, {45, local_fun},
     {70, nested}, {10, deep}].

%% Kinds used inside containers: mostly leaves, so that a container has on
%% average fewer than one container child and terms stay small.
child_weights() ->
    leaf_weights() ++
        [{4, list}, {2, improper_list}, {4, tuple}, {2, child_map},
         {2, local_fun}].

leaf_weights() ->
    [{8, small_int}, {4, boundary_int}, {2, bignum}, {4, random_int},
     {4, float}, {1, special_float}, {8, atom}, {1, special_atom},
     {4, binary}, {2, bitstring}, {3, string}, {1, unicode_string},
     {1, local_pid}, {1, foreign_pid}, {1, local_port}, {1, foreign_port},
     {1, local_ref}, {1, foreign_ref}, {1, export_fun}].

leaf() ->
    gen(pick(leaf_weights()), 0).

%% An element of a container whose remaining depth budget is `Depth'.
child(Depth) when Depth =< 0 ->
    leaf();
child(Depth) ->
    gen(pick(child_weights()), Depth - 1).

children(Max, Depth) ->
    [child(Depth) || _ <- lists:seq(1, rand:uniform(Max + 1) - 1)].

gen(small_int, _) ->
    rand:uniform(256) - 1;
gen(boundary_int, _) ->
    pick_elem(boundary_ints());
gen(bignum, _) ->
    Magnitude =
        case rand:uniform(4) of
            1 -> pick_elem([1 bsl 1000, 1 bsl 5000, (1 bsl 2040) - 1, 1 bsl 2040]);
            2 -> random_unsigned(rand:uniform(1000));
            _ -> random_unsigned(rand:uniform(24))
        end,
    random_sign() * Magnitude;
gen(random_int, _) ->
    Bits = rand:uniform(72),
    random_sign() * (rand:uniform(1 bsl Bits) - 1);
gen(float, _) ->
    case rand:uniform(3) of
        1 -> float_from_bits(random_finite_float_bits());
        2 -> random_sign() * rand:uniform() * math:pow(10, rand:uniform(601) - 301);
        3 -> random_sign() * rand:uniform(100000) / 64
    end;
gen(special_float, _) ->
    pick_elem(special_floats());
gen(atom, _) ->
    pool_atom(rand:uniform(?ATOM_POOL_SIZE));
gen(special_atom, _) ->
    pick_elem(special_atoms());
gen(binary, _) ->
    rand:bytes(pick_elem([0, rand:uniform(16), rand:uniform(300)]));
gen(bitstring, _) ->
    random_bitstring();
gen(large_binary, _) ->
    rand:bytes(100 * 1024 + rand:uniform(1024) - 1);
gen(string, _) ->
    Len = pick_elem([0, 1, rand:uniform(40), rand:uniform(300)]),
    case rand:uniform(2) of
        1 -> [$\s + rand:uniform(95) - 1 || _ <- lists:seq(1, Len)];
        2 -> [rand:uniform(256) - 1 || _ <- lists:seq(1, Len)]
    end;
gen(long_string, _) ->
    Len = pick_elem([65534, 65535, 65536, 65537, 1000 + rand:uniform(70000)]),
    [rand:uniform(256) - 1 || _ <- lists:seq(1, Len)];
gen(unicode_string, _) ->
    %% At least one element above 255, so this is never a STRING_EXT.
    Chars = [random_code_point() || _ <- lists:seq(1, rand:uniform(20) - 1)],
    shuffle([16#100 + rand:uniform(16#10000) | Chars]);
gen(list, Depth) ->
    children(6, Depth);
gen(improper_list, Depth) ->
    improper(children(4, Depth) ++ [child(Depth)], improper_tail(Depth));
gen(tuple, Depth) ->
    list_to_tuple(children(8, Depth));
gen(large_tuple, _) ->
    list_to_tuple([leaf() || _ <- lists:seq(1, 255 + rand:uniform(400))]);
gen(small_map, Depth) ->
    random_map(rand:uniform(33) - 1, Depth);
gen(child_map, Depth) ->
    random_map(rand:uniform(7) - 1, Depth);
gen(large_map, _) ->
    random_map(32 + rand:uniform(68), 0);
gen(local_pid, _) ->
    case rand:uniform(3) of
        1 -> self();
        2 -> spawn(fun() -> ok end);
        3 -> whereis(init)
    end;
gen(foreign_pid, _) ->
    foreign_pid(foreign_node(), random_id(32), random_id(32), creation());
gen(local_port, _) ->
    local_port();
gen(foreign_port, _) ->
    case rand:uniform(2) of
        1 -> foreign_port(foreign_node(), random_id(28), creation());
        2 -> foreign_port(foreign_node(), (1 bsl 28) + random_id(40) - 1, creation())
    end;
gen(local_ref, _) ->
    case rand:uniform(3) of
        1 -> alias_ref();
        _ -> make_ref()
    end;
gen(foreign_ref, _) ->
    Words = [rand:uniform(1 bsl 32) - 1 || _ <- lists:seq(1, 2 + rand:uniform(3))],
    foreign_ref(foreign_node(), creation(), Words);
gen(export_fun, _) ->
    case rand:uniform(3) of
        1 ->
            erlang:make_fun(pool_atom(rand:uniform(?ATOM_POOL_SIZE)),
                            pool_atom(rand:uniform(?ATOM_POOL_SIZE)),
                            rand:uniform(256) - 1);
        _ ->
            pick_elem(export_funs())
    end;
gen(local_fun, Depth) ->
    Variant = rand:uniform(8) - 1,
    local_fun(Variant, [child(Depth) || _ <- lists:seq(1, fun_env_size(Variant))]);
gen(nested, _) ->
    nested(rand:uniform(?MAX_DEPTH));
gen(deep, _) ->
    Shape = pick_elem([tuple, list, list_tail, map, mixed]),
    deep(Shape, pick_elem([?DEEP, rand:uniform(?DEEP)]), leaf()).

%% A container whose elements are, more often than not, containers again.
nested(0) ->
    leaf();
nested(Depth) ->
    Elems = [nested_elem(Depth - 1) || _ <- lists:seq(1, rand:uniform(3))],
    case rand:uniform(6) of
        1 -> Elems;
        2 -> list_to_tuple(Elems);
        3 -> maps:from_list([{map_key(), E} || E <- Elems]);
        4 -> improper(Elems, improper_tail(0));
        5 -> local_fun(4, [hd(Elems), tl(Elems)]);
        6 -> {Elems, list_to_tuple(Elems)}
    end.

nested_elem(Depth) ->
    case rand:uniform(3) of
        1 -> leaf();
        _ -> nested(Depth)
    end.

%% Wraps `Inner' `Levels' times.
deep(_Shape, 0, Inner) ->
    Inner;
deep(mixed, Levels, Inner) ->
    Shape = pick_elem([tuple, list, list_tail, map]),
    deep(mixed, Levels - 1, deep(Shape, 1, Inner));
deep(Shape, Levels, Inner) ->
    Wrapped =
        case Shape of
            tuple -> {Inner};
            list -> [Inner];
            list_tail -> [Levels, Inner];
            map -> #{Levels => Inner}
        end,
    deep(Shape, Levels - 1, Wrapped).

random_map(Size, Depth) ->
    fill_map(Size, Depth, #{}).

fill_map(Size, _Depth, Map) when map_size(Map) >= Size ->
    Map;
fill_map(Size, Depth, Map) ->
    fill_map(Size, Depth, Map#{map_key() => child(Depth)}).

%% Keys of mixed types, including 1 and 1.0, which are distinct keys.
map_key() ->
    case pick([{4, int}, {2, float}, {2, one}, {4, atom}, {2, binary},
               {2, tuple}, {1, pid}, {1, ref}, {1, string}]) of
        int -> gen(pick_elem([small_int, random_int, boundary_int]), 0);
        float -> gen(float, 0);
        one -> pick_elem([1, 1.0, 2, 2.0, -1, -1.0]);
        atom -> gen(atom, 0);
        binary -> gen(pick_elem([binary, bitstring]), 0);
        tuple -> {gen(atom, 0), gen(small_int, 0)};
        pid -> gen(pick_elem([local_pid, foreign_pid]), 0);
        ref -> gen(pick_elem([local_ref, foreign_ref]), 0);
        string -> gen(string, 0)
    end.

improper(Elems, Tail) ->
    lists:foldr(fun(E, Acc) -> [E | Acc] end, Tail, Elems).

%% A tail that is not a list, so the result really is improper.
improper_tail(Depth) ->
    gen(pick_elem([atom, small_int, random_int, float, binary, bitstring,
                   tuple, small_map, foreign_pid]), min(Depth, 1)).

random_bitstring() ->
    Bits = rand:uniform(7),
    Bytes = rand:bytes(rand:uniform(40) - 1),
    <<Bytes/binary, (rand:uniform(1 bsl Bits) - 1):Bits>>.

random_unsigned(Bytes) ->
    binary:decode_unsigned(rand:bytes(Bytes)).

random_sign() ->
    pick_elem([1, -1]).

%% A uniformly random id of up to `Bits' bits, biased towards small ones.
random_id(Bits) ->
    rand:uniform(1 bsl rand:uniform(Bits)) - 1.

%% Sign, exponent and mantissa of a finite double (no NaN or infinity).
random_finite_float_bits() ->
    <<Bits:64>> = <<(rand:uniform(2) - 1):1, (rand:uniform(2047) - 1):11,
                    (rand:uniform(1 bsl 52) - 1):52>>,
    Bits.

random_code_point() ->
    case rand:uniform(5) of
        1 -> rand:uniform(128) - 1;
        2 -> rand:uniform(256) - 1;
        3 -> 16#100 + rand:uniform(16#D800 - 16#100) - 1;
        4 -> 16#E000 + rand:uniform(16#10000 - 16#E000) - 1;
        5 -> 16#10000 + rand:uniform(16#10FFFF - 16#10000)
    end.

shuffle(List) ->
    [X || {_, X} <- lists:sort([{rand:uniform(), X} || X <- List])].

pick(Weighted) ->
    pick(rand:uniform(lists:sum([W || {W, _} <- Weighted])), Weighted).

pick(N, [{W, Kind} | _]) when N =< W ->
    Kind;
pick(N, [{W, _} | Rest]) ->
    pick(N - W, Rest).

pick_elem(List) ->
    lists:nth(rand:uniform(length(List)), List).

%%====================================================================
%% Building blocks shared by the edge cases and the random terms
%%====================================================================

boundary_ints() ->
    [0, 1, -1, 255, 256, -255, -256, -257, 65535, 65536]
        ++ [Sign * ((1 bsl Bits) + Delta)
            || Bits <- [27, 28, 31, 32, 59, 60, 63, 64, 128],
               Delta <- [-1, 0, 1],
               Sign <- [1, -1]].

special_floats() ->
    [0.0, neg_zero(), 1.0, -1.0, 0.1, 0.5, 1.0e308, -1.0e308,
     float_from_bits(1),                          % 5.0e-324, smallest subnormal
     -float_from_bits(1),
     float_from_bits(16#000FFFFFFFFFFFFF),        % largest subnormal
     float_from_bits(16#0010000000000000),        % smallest normal
     float_from_bits(16#7FEFFFFFFFFFFFFF),        % largest finite
     -float_from_bits(16#7FEFFFFFFFFFFFFF),
     9007199254740992.0, 9007199254740994.0, 1.0e-10, 123456789.125,
     3.141592653589793].

%% Literal -0.0 may be folded to 0.0 by the compiler.
neg_zero() ->
    binary_to_term(<<131, 70, 128, 0, 0, 0, 0, 0, 0, 0>>).

float_from_bits(Bits) ->
    <<F:64/float>> = <<Bits:64>>,
    F.

special_atoms() ->
    [list_to_atom(Name) || Name <- special_atom_names()].

special_atom_names() ->
    ["", "true", "false", "undefined", "nil", "ok", "a", "A", "with space",
     "a@b", "é", "ÿ", "ĺ", "漢字", "😀", "𠀀", "mixed_ĺ_漢_😀",
     lists:duplicate(255, $a),                    % 255 bytes: SMALL_ATOM_UTF8_EXT
     lists:duplicate(253, $a) ++ "é",             % 255 bytes
     lists:duplicate(254, $a) ++ "é",             % 256 bytes: ATOM_UTF8_EXT
     lists:duplicate(255, $ĺ),                    % 510 bytes
     lists:duplicate(255, $漢),                   % 765 bytes
     lists:duplicate(255, 16#1F600)].             % 1020 bytes

%% Atom names for the random atoms: ?ATOM_POOL_SIZE distinct names, so the
%% atom table stays small however many terms are generated.
pool_atom(I) ->
    N = integer_to_list(I),
    list_to_atom(
      case I rem 8 of
          0 -> "a" ++ N;
          1 -> "Atom_" ++ N;
          2 -> "with space " ++ N;
          3 -> "éĺ" ++ N;
          4 -> "漢字" ++ N;
          5 -> [16#1F600 + I rem 80 | N];
          6 -> lists:duplicate(I rem 60 + 1, $x) ++ N;
          7 -> [16#20000 + I, $ÿ | N]
      end).

foreign_nodes() ->
    [<<"other@host">>, <<"x@127.0.0.1">>, <<"nœud@hôte"/utf8>>,
     <<"ノード@ホスト"/utf8>>, <<"peerl@localhost">>].

foreign_node() ->
    pick_elem(foreign_nodes()).

creations() ->
    [0, 1, 2, 3, (1 bsl 31) + 5, (1 bsl 31), (1 bsl 32) - 1].

creation() ->
    case rand:uniform(3) of
        1 -> rand:uniform(1 bsl 32) - 1;
        _ -> pick_elem(creations())
    end.

atom_ext(Name) when byte_size(Name) < 256 ->
    <<119, (byte_size(Name)), Name/binary>>.

%% NEW_PID_EXT
foreign_pid(Node, Id, Serial, Creation) ->
    binary_to_term(<<131, 88, (atom_ext(Node))/binary,
                     Id:32, Serial:32, Creation:32>>).

%% NEW_PORT_EXT below 2^28, V4_PORT_EXT otherwise (as OTP 25 encodes them).
foreign_port(Node, Id, Creation) when Id < 1 bsl 28 ->
    binary_to_term(<<131, 89, (atom_ext(Node))/binary, Id:32, Creation:32>>);
foreign_port(Node, Id, Creation) ->
    binary_to_term(<<131, 120, (atom_ext(Node))/binary, Id:64, Creation:32>>).

%% NEWER_REFERENCE_EXT
foreign_ref(Node, Creation, Words) ->
    binary_to_term(<<131, 90, (length(Words)):16, (atom_ext(Node))/binary,
                     Creation:32, << <<W:32>> || W <- Words >>/binary>>).

%% A local port, opened once per process.
local_port() ->
    case get(peerl_corpus_port) of
        undefined ->
            Port =
                case erlang:ports() of
                    [P | _] ->
                        P;
                    [] ->
                        P = open_port({spawn, "true"}, []),
                        catch port_close(P),
                        P
                end,
            put(peerl_corpus_port, Port),
            Port;
        Port ->
            Port
    end.

alias_ref() ->
    Alias = alias(),
    true = unalias(Alias),
    Alias.

export_funs() ->
    [fun lists:map/2, fun erlang:self/0, fun maps:get/3, fun ?MODULE:sample/1,
     fun 'ĺ':'漢字'/255].

%% Local funs of arities 0..5 capturing 0, 1, 2 or 3 free variables.
fun_env_size(Variant) ->
    element(Variant + 1, {0, 0, 1, 1, 2, 3, 1, 3}).

local_fun(0, []) -> fun() -> ok end;
local_fun(1, []) -> fun(X) -> X end;
local_fun(2, [A]) -> fun() -> A end;
local_fun(3, [A]) -> fun(X, Y) -> {X, Y, A} end;
local_fun(4, [A, B]) -> fun(X) -> {X, A, B} end;
local_fun(5, [A, B, C]) -> fun(X, Y, Z) -> [X, Y, Z, A, B, C] end;
local_fun(6, [A]) -> fun Loop(0) -> A; Loop(N) -> Loop(N - 1) end;
local_fun(7, [A, B, C]) ->
    fun(P, Q, R, S, T) -> {P, Q, R, S, T, A, B, C} end.

%%====================================================================
%% Hand-picked edge cases (written first, in this order)
%%====================================================================

edge_cases() ->
    lists:append([edge_integers(), special_floats(), special_atoms(),
                  edge_binaries(), edge_lists(), edge_tuples(), edge_maps(),
                  edge_pids_ports_refs(), edge_funs(), edge_deep()]).

edge_integers() ->
    Big = [1 bsl 1000, 1 bsl 5000, (1 bsl 2040) - 1, 1 bsl 2040,
           (1 bsl 2040) + 1, 1 bsl 100000],
    boundary_ints() ++ Big ++ [-B || B <- Big].

edge_binaries() ->
    [<<>>, <<0>>, <<255>>, list_to_binary(lists:seq(0, 255)),
     binary:copy(<<"peerl">>, 20480),             % 100 KB
     <<1:1>>, <<1:3>>, <<0:7>>, <<255, 5:5>>, <<"abc", 5:5>>,
     <<(binary:copy(<<16#AA>>, 300))/binary, 1:1>>].

edge_lists() ->
    [[], [0], [255], "a", lists:seq(0, 255), lists:duplicate(65535, $x),
     lists:duplicate(65536, $x), [256], "ab" ++ [256], [-1], [1.0],
     [16#10FFFF, 16#1F600], [[]], [[], []], [a, b | c], [1 | 2],
     [a | <<"bin">>], [a | <<1:3>>], [a | {t}], [a | #{}], [[1] | 2],
     [self(), make_ref(), 1.5, <<"x">>, {}, #{}, []]].

edge_tuples() ->
    [{}, {a}, {1, 2, 3}, {{}}, {[], <<>>, #{}},
     list_to_tuple(lists:seq(1, 255)),            % SMALL_TUPLE_EXT maximum
     list_to_tuple(lists:seq(1, 256)),            % LARGE_TUPLE_EXT
     list_to_tuple(lists:duplicate(1000, a))].

edge_maps() ->
    [#{}, #{a => 1}, #{1 => int, 1.0 => float}, #{neg_zero() => neg_zero},
     #{0.0 => zero}, #{[] => nil, {} => tuple, <<>> => binary, #{} => map},
     #{1 => a, 1.0 => b, a => c, {t, 1} => d, <<"bin">> => e, <<1:3>> => f,
     self() => g, make_ref() => h, "str" => i, -(1 bsl 100) => j,
     foreign_pid(<<"other@host">>, 1, 2, 3) => k},
     maps:from_list([{I, I} || I <- lists:seq(1, 32)]),
     maps:from_list([{I, I} || I <- lists:seq(1, 33)]),
     maps:from_list([{pool_atom(I), I} || I <- lists:seq(1, 100)]),
     #{a => #{b => #{c => #{}}}}].

edge_pids_ports_refs() ->
    Nodes = foreign_nodes(),
    [self(), spawn(fun() -> ok end), local_port(), make_ref(), alias_ref()]
        ++ [foreign_pid(Node, Id, Serial, Creation)
            || Node <- Nodes, Creation <- creations(),
               {Id, Serial} <- [{0, 0}, {42, 1}, {(1 bsl 32) - 1, (1 bsl 32) - 1}]]
        ++ [foreign_port(Node, Id, Creation)
            || Node <- Nodes, Creation <- creations(),
               Id <- [0, 1, (1 bsl 28) - 1, 1 bsl 28, (1 bsl 32) - 1,
                      1 bsl 32, (1 bsl 40) - 1, 1 bsl 40]]
        ++ [foreign_ref(Node, Creation, lists:sublist(Words, Len))
            || Node <- Nodes, Creation <- creations(), Len <- [3, 4, 5],
               Words <- [[0, 0, 0, 0, 0], [1, 2, 3, 4, 5],
                         lists:duplicate(5, (1 bsl 32) - 1)]].

edge_funs() ->
    export_funs()
        ++ [erlang:make_fun(m, f, 0), erlang:make_fun(m, f, 255)]
        ++ [local_fun(V, lists:sublist([1, {two}, <<"three">>], fun_env_size(V)))
            || V <- lists:seq(0, 7)]
        ++ [local_fun(5, [local_fun(0, []), fun lists:map/2, self()])].

edge_deep() ->
    [deep(Shape, ?DEEP, bottom) || Shape <- [tuple, list, list_tail, map]]
        ++ [deep(list, ?DEEP, []), deep(tuple, ?DEEP, {})].
