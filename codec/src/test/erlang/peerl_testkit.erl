%%% @doc The Erlang half of Peerl's test kit: evaluates expressions sent by
%%% the JVM over stdin and answers on stdout, so tests can drive a real node
%%% before (and without) Erlang distribution between Java and Erlang.
%%%
%%% Started as `erl -noshell -s peerl_testkit main'.
%%%
%%% == Wire protocol (one line each way, all ASCII) ==
%%% ```
%%% request : <Id> SP <base64(UTF-8 expression text)> SP <base64(term_to_binary(Bindings))> LF
%%% reply   : PEERL-RESULT SP <Id> SP ok      SP <base64(term_to_binary(Value))> LF
%%%         | PEERL-RESULT SP <Id> SP raised  SP <base64(term_to_binary({Class, Reason, Stack, Text}))> LF
%%%         | PEERL-RESULT SP <Id> SP badexpr SP <base64(UTF-8 message)> LF
%%% '''
%%% `Id' is a decimal integer chosen by the JVM; `Bindings' is a map from
%%% variable name atoms to values; `Text' is the exception as
%%% `erl_error:format_exception/3' prints it. The trailing dot of the
%%% expression is optional. Every request is evaluated in a fresh process
%%% with fresh bindings, so requests run concurrently and replies may come
%%% in any order; a request whose evaluator is killed still gets a `raised'
%%% reply with class `exit'.
%%%
%%% Anything else on stdout (io:format, logger) is not part of the protocol;
%%% the JVM keeps it as a log. The marker is searched anywhere in a line
%%% because an expression may have printed text without a newline.
%%%
%%% When stdin reaches end of file the node halts: the JVM holds the only
%%% writer of that pipe, so even a JVM killed with SIGKILL leaves no node
%%% behind.
-module(peerl_testkit).

-export([main/0]).

-define(MARKER, <<"PEERL-RESULT ">>).

%% Returns at once so that init finishes booting; the loop runs on its own.
main() ->
    spawn(fun() -> loop(group_leader()) end),
    ok.

loop(Io) ->
    ok = io:setopts(Io, [binary]),
    read_requests(Io).

read_requests(Io) ->
    case io:get_line(Io, '') of
        eof ->
            erlang:halt(0);
        {error, Reason} ->
            io:format(standard_error, "peerl_testkit: stdin failed: ~p~n", [Reason]),
            erlang:halt(1);
        Line ->
            handle_line(Io, string:trim(Line, trailing, "\r\n")),
            read_requests(Io)
    end.

handle_line(_Io, <<>>) ->
    ok;
handle_line(Io, Line) ->
    case binary:split(Line, <<" ">>, [global]) of
        [Id, Expr, Bindings] ->
            spawn(fun() -> answer(Io, Id, Expr, Bindings) end),
            ok;
        _ ->
            io:format(standard_error, "peerl_testkit: malformed request ~p~n", [Line])
    end.

%% A separate evaluator lets the answer survive anything the expression does
%% to its own process: exit(self(), kill), a linked crash, a group_leader change.
answer(Io, Id, Expr, Bindings) ->
    {Pid, Ref} = spawn_monitor(fun() -> exit({peerl_done, evaluate(Expr, Bindings)}) end),
    receive
        {'DOWN', Ref, process, Pid, {peerl_done, Outcome}} ->
            reply(Io, Id, Outcome);
        {'DOWN', Ref, process, Pid, Other} ->
            reply(Io, Id, raised(exit, Other, []))
    end.

evaluate(Expr, Bindings) ->
    case parse(Expr) of
        {ok, Exprs} ->
            try erl_eval:exprs(Exprs, bindings(Bindings)) of
                {value, Value, _} -> {ok, term_to_binary(Value)}
            catch
                Class:Reason:Stack -> raised(Class, Reason, Stack)
            end;
        {error, Message} ->
            {badexpr, Message}
    end.

parse(Expr) ->
    Text = unicode:characters_to_list(base64:decode(Expr)),
    case erl_scan:string(Text, {1, 1}) of
        {ok, Tokens, End} ->
            case erl_parse:parse_exprs(with_dot(Tokens, End)) of
                {ok, Exprs} -> {ok, Exprs};
                {error, Info} -> {error, format_error(Info)}
            end;
        {error, Info, _} ->
            {error, format_error(Info)}
    end.

%% Lets callers write "1 + 2" as well as "1 + 2.".
with_dot(Tokens, End) ->
    case lists:last([{dot, End} | Tokens]) of
        {dot, _} when Tokens =/= [] -> Tokens;
        _ -> Tokens ++ [{dot, End}]
    end.

format_error({Location, Module, Descriptor}) ->
    unicode:characters_to_binary(
        io_lib:format("line ~s: ~ts", [location(Location), Module:format_error(Descriptor)])
    ).

location({Line, Column}) -> io_lib:format("~w, column ~w", [Line, Column]);
location(Location) -> io_lib:format("~w", [Location]).

bindings(Encoded) ->
    maps:fold(
        fun(Name, Value, Acc) -> erl_eval:add_binding(Name, Value, Acc) end,
        erl_eval:new_bindings(),
        binary_to_term(base64:decode(Encoded))
    ).

raised(Class, Reason, Stack) ->
    Text = unicode:characters_to_binary(erl_error:format_exception(Class, Reason, Stack)),
    {raised, term_to_binary({Class, Reason, Stack, Text})}.

reply(Io, Id, {Kind, Payload}) ->
    io:put_chars(Io, [
        ?MARKER, Id, $\s, atom_to_binary(Kind), $\s, base64:encode(Payload), $\n
    ]).
