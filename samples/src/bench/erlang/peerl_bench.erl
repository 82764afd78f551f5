%% The Erlang side of the distribution benchmark (scripts/bench-dist.sh, docs/performance.md).
%%
%% On the BEAM receiver node, serve/0 registers the receiver contract that the Peerl demo node and
%% the JInterface receiver also implement:
%%   sink: on {start, From, N} it counts the next N {msg, _} messages, then sends {done, Micros}
%%         to From (Micros: from the start message to the Nth message, as the sink saw it);
%%   echo: a gen_server whose call(X) replies X.
%%
%% On the driver node, send/5, send_via/6 and call/5 run one workload and return what they
%% measured; fanout_start/0 serves the million-process workload's "send to each once".
%% The driver is told what to do over the test kit's standard input (eval), never over the
%% distribution, so only the workload's own messages cross the connections being measured.
-module(peerl_bench).
-behaviour(gen_server).

-export([serve/0, restart_sink/0]).
-export([send/5, send_via/6, call/5, fanout_start/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% ---- the BEAM receiver ----

%% Registers sink and echo on this node (again: a sink that was counting is replaced).
serve() ->
    ok = restart_sink(),
    case whereis(echo) of
        undefined -> {ok, _} = gen_server:start({local, echo}, ?MODULE, [], []);
        _ -> ok
    end,
    ok.

%% A fresh sink, for after a run that never finished (its sink may still be counting).
restart_sink() ->
    ok = kill_registered(sink),
    true = register(sink, spawn(fun sink/0)),
    ok.

%% Kills the process registered as Name, if any, and returns once the name is free.
kill_registered(Name) ->
    case whereis(Name) of
        undefined ->
            ok;
        Old ->
            Ref = monitor(process, Old),
            exit(Old, kill),
            receive {'DOWN', Ref, process, Old, _} -> ok end
    end.

sink() ->
    receive
        {start, From, N} ->
            T0 = erlang:monotonic_time(microsecond),
            count(N),
            From ! {done, erlang:monotonic_time(microsecond) - T0},
            sink()
    end.

count(0) -> ok;
count(N) -> receive {msg, _} -> count(N - 1) end.

init([]) -> {ok, nostate}.
handle_call(Request, _From, State) -> {reply, Request, State}.
handle_cast(_Request, State) -> {noreply, State}.
handle_info(_Info, State) -> {noreply, State}.

%% ---- the driver ----

%% Senders processes of this node send N copies of Msg (between them) to Sink, a {Name, Node}.
%% Returns {ok, WallMicros, SinkMicros, BytesPerMessage} or {error, Why}; WallMicros runs from
%% just before the sink's start message to the sink's done.
send(Sink, Senders, N, Msg, TimeoutMs) ->
    isolated(fun() -> do_send(Sink, Senders, N, Msg, TimeoutMs) end).

do_send(Sink, Senders, N, Msg, TimeoutMs) ->
    Sink ! {start, self(), N},
    T0 = erlang:monotonic_time(microsecond),
    Pids = [spawn(fun() -> send_loop(Sink, Msg, K) end) || K <- shares(N, Senders)],
    Result = await_done(T0, TimeoutMs),
    [exit(P, kill) || P <- Pids],
    with_size(Result, Msg).

%% The same, but the sending is done by Sender (a {sender, JavaNode}), with Procs processes or
%% threads of its own, as the reverse direction needs. The sender answers {sent, Dropped} when it
%% has sent all; Dropped > 0 (messages its runtime threw away) means the sink can never finish.
send_via(Sender, Sink, Procs, N, Msg, TimeoutMs) ->
    isolated(fun() -> do_send_via(Sender, Sink, Procs, N, Msg, TimeoutMs) end).

do_send_via(Sender, Sink, Procs, N, Msg, TimeoutMs) ->
    Sink ! {start, self(), N},
    T0 = erlang:monotonic_time(microsecond),
    Sender ! {send, self(), Sink, Procs, N, Msg},
    receive
        {sent, 0} -> with_size(await_done(T0, TimeoutMs), Msg);
        {sent, Dropped} -> {error, {dropped, Dropped}}
    after TimeoutMs ->
        {error, {timeout, sender}}
    end.

await_done(T0, TimeoutMs) ->
    receive
        {done, SinkMicros} -> {ok, erlang:monotonic_time(microsecond) - T0, SinkMicros}
    after TimeoutMs ->
        {error, {timeout, sink}}
    end.

with_size({ok, Wall, Sink}, Msg) -> {ok, Wall, Sink, erlang:external_size(Msg)};
with_size(Error, _Msg) -> Error.

send_loop(_Sink, _Msg, 0) -> ok;
send_loop(Sink, Msg, K) -> Sink ! Msg, send_loop(Sink, Msg, K - 1).

%% Callers processes call Server ({echo, Node}) N times between them, one call at a time each,
%% with {msg, 42}, each caller waiting PauseMicros (0: not at all) after each reply before its next
%% call (busy: a timer's millisecond would be far longer). Returns {ok, WallMicros, LatenciesNanos}
%% (one latency per call, in no particular order; the waits not included) or {error, Why}.
call(Server, Callers, N, TimeoutMs, PauseMicros) ->
    isolated(fun() -> do_call(Server, Callers, N, TimeoutMs, PauseMicros) end).

do_call(Server, Callers, N, TimeoutMs, PauseMicros) ->
    Parent = self(),
    T0 = erlang:monotonic_time(microsecond),
    Callers1 = [spawn_monitor(fun() ->
                                  Parent ! {latencies, self(), calls(Server, K, PauseMicros, [])}
                              end)
                || K <- shares(N, Callers)],
    Deadline = erlang:monotonic_time(millisecond) + TimeoutMs,
    Result = collect(Callers1, Deadline, []),
    Wall = erlang:monotonic_time(microsecond) - T0,
    [exit(P, kill) || {P, _} <- Callers1],
    case Result of
        {ok, Latencies} -> {ok, Wall, Latencies};
        Error -> Error
    end.

calls(_Server, 0, _PauseMicros, Acc) ->
    Acc;
calls(Server, K, PauseMicros, Acc) ->
    Request = {msg, 42},
    T = erlang:monotonic_time(),
    case gen_server:call(Server, Request, 10000) of
        Request ->
            Nanos = erlang:convert_time_unit(erlang:monotonic_time() - T, native, nanosecond),
            pause_until(erlang:monotonic_time(microsecond) + PauseMicros),
            calls(Server, K - 1, PauseMicros, [Nanos | Acc]);
        Other ->
            exit({bad_reply, Other})
    end.

pause_until(Micros) ->
    case erlang:monotonic_time(microsecond) < Micros of
        true -> pause_until(Micros);
        false -> ok
    end.

collect([], _Deadline, Acc) ->
    {ok, lists:append(Acc)};
collect(Callers, Deadline, Acc) ->
    Left = max(0, Deadline - erlang:monotonic_time(millisecond)),
    receive
        {latencies, Pid, Latencies} ->
            receive {'DOWN', _, process, Pid, _} -> ok end,
            collect(lists:keydelete(Pid, 1, Callers), Deadline, [Latencies | Acc]);
        {'DOWN', _, process, Pid, Reason} when Reason =/= normal ->
            case lists:keymember(Pid, 1, Callers) of
                true -> {error, {caller_failed, Reason}};
                false -> collect(Callers, Deadline, Acc)
            end
    after Left ->
        {error, {timeout, length(Callers), callers_left}}
    end.

%% Runs Fun in a process of its own, so that a late answer of a run that timed out (a sink's
%% done, a caller's latencies) lands in a mailbox that is gone, not in the next run's.
isolated(Fun) ->
    {Pid, Ref} = spawn_monitor(fun() -> exit({result, Fun()}) end),
    receive
        {'DOWN', Ref, process, Pid, {result, Result}} -> Result;
        {'DOWN', Ref, process, Pid, Reason} -> {error, {driver_failed, Reason}}
    end.

%% Splits N into Parts shares that differ by at most one.
shares(N, Parts) ->
    [N div Parts + (if I =< N rem Parts -> 1; true -> 0 end) || I <- lists:seq(1, Parts)].

%% ---- the million-process workload's send to each once ----

%% Registers bench_fanout: it takes {pids, [Pid]} chunks, answers {stored, From} with
%% {stored, Count} (the pids it holds), and on {go, From} sends {msg, 42} to every pid it got, in
%% order, and then {fanned_out, Count} to From. The Java side times it.
fanout_start() ->
    ok = kill_registered(bench_fanout),
    true = register(bench_fanout, spawn(fun() -> fanout([]) end)),
    ok.

fanout(Chunks) ->
    receive
        {pids, Pids} ->
            fanout([Pids | Chunks]);
        {stored, From} ->
            From ! {stored, lists:sum([length(Pids) || Pids <- Chunks])},
            fanout(Chunks);
        {go, From} ->
            Count = lists:foldl(fun(Pids, Sent) -> send_each(Pids, Sent) end, 0,
                                lists:reverse(Chunks)),
            From ! {fanned_out, Count},
            fanout([])
    end.

send_each([], Sent) -> Sent;
send_each([Pid | Pids], Sent) -> Pid ! {msg, 42}, send_each(Pids, Sent + 1).
