%% Helpers for the stream interop tests: a collector that keeps what it receives, and processes
%% that wait for a monitor's DOWN or exit with a reason when told.
-module(peerl_stream_test).
-export([collector/1, collected/2, send_seq/3, watch/1, down/1, linker/0, await_dead/1,
         seq_checker/1, checked/2]).

%% A process registered as Name that keeps every message it receives.
collector(Name) ->
    Pid = spawn(fun() -> collect([], []) end),
    true = register(Name, Pid),
    Pid.

collect(Acc, Waiters) ->
    receive
        {'$collected', N, From} -> collect(Acc, answer(Acc, [{N, From} | Waiters]));
        Msg -> Next = [Msg | Acc], collect(Next, answer(Next, Waiters))
    end.

answer(Acc, Waiters) ->
    [W || {N, From} = W <- Waiters, not reply(Acc, N, From)].

reply(Acc, N, From) when length(Acc) >= N -> From ! {'$collected', lists:reverse(Acc)}, true;
reply(_, _, _) -> false.

%% The first N messages the collector got, in order (waits for them up to 10 s).
collected(Name, N) ->
    Name ! {'$collected', N, self()},
    receive {'$collected', L} -> L after 10000 -> {timeout, N} end.

%% Sends {Tag, I} for I in 1..N to Dest, in order.
send_seq(Dest, Tag, N) ->
    [Dest ! {Tag, I} || I <- lists:seq(1, N)],
    ok.

%% A process that monitors Pid; down/1 returns the DOWN's reason.
watch(Pid) ->
    Parent = self(),
    W = spawn(fun() ->
                      Ref = monitor(process, Pid),
                      Parent ! {watching, self()},
                      receive {'DOWN', Ref, process, Pid, Reason} ->
                              receive {down, From} -> From ! {reason, Reason} end
                      end
              end),
    receive {watching, W} -> W after 10000 -> error(no_watcher) end.

down(Watcher) ->
    Watcher ! {down, self()},
    receive {reason, Reason} -> Reason after 10000 -> no_down end.

%% A process that exits with Reason when it gets {exit, Reason}.
linker() ->
    spawn(fun() -> receive {exit, Reason} -> exit(Reason) end end).

%% Returns once Pid is dead: what it sent when it died is on its way.
await_dead(Pid) ->
    Ref = monitor(process, Pid),
    receive {'DOWN', Ref, process, Pid, _} -> ok after 10000 -> error(still_alive) end.

%% A process registered as Name that counts messages {n, I, _} and those whose I is not the one
%% after the last (lost, reordered or repeated), without keeping them.
seq_checker(Name) ->
    Pid = spawn(fun() -> check(0, 0, 0, none) end),
    true = register(Name, Pid),
    Pid.

check(Count, Last, Bad, Waiter) ->
    receive
        {n, I, _} ->
            NewBad = if I =:= Last + 1 -> Bad; true -> Bad + 1 end,
            check(Count + 1, I, NewBad, checked_answer(Waiter, Count + 1, NewBad));
        {'$checked', N, From} ->
            check(Count, Last, Bad, checked_answer({N, From}, Count, Bad))
    end.

checked_answer({N, From}, Count, Bad) when Count >= N -> From ! {'$checked', {Count, Bad}}, none;
checked_answer(Waiter, _, _) -> Waiter.

%% {Count, Bad} once the checker has counted N messages (waits up to 30 s).
checked(Name, N) ->
    Name ! {'$checked', N, self()},
    receive {'$checked', R} -> R after 30000 -> {timeout, N} end.
