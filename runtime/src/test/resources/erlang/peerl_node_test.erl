%% Helpers for the node interop tests: processes that collect or check what Java sends.
-module(peerl_node_test).
-export([inbox/1, node_events/1, wait/2, wait/3, counter/2, result/2, flood/2]).

%% A process registered as Name that keeps every message it gets.
inbox(Name) -> start(Name, fun() -> ok end).

%% An inbox that also gets {nodeup, Node, Info} / {nodedown, Node, Info} for hidden nodes too.
node_events(Name) -> start(Name, fun() -> ok = net_kernel:monitor_nodes(true, [{node_type, all}]) end).

start(Name, Init) ->
    Parent = self(),
    Pid = spawn(fun() -> register(Name, self()), Init(), Parent ! {registered, self()}, loop([], 0, []) end),
    receive {registered, Pid} -> Pid after 5000 -> error(inbox_timeout) end.

loop(Msgs, Count, Waiters) ->
    receive
        {'$wait', From, N} -> notify(Msgs, Count, [{From, N} | Waiters]);
        M -> notify([M | Msgs], Count + 1, Waiters)
    end.

notify(Msgs, Count, Waiters) ->
    Ready = [W || {_, N} = W <- Waiters, Count >= N],
    [From ! {'$inbox', lists:reverse(Msgs)} || {From, _} <- Ready],
    loop(Msgs, Count, Waiters -- Ready).

%% The messages of inbox Name once it has at least N, or timeout.
wait(Name, N) -> wait(Name, N, 10000).
wait(Name, N, Timeout) ->
    Name ! {'$wait', self(), N},
    receive {'$inbox', L} -> L after Timeout -> timeout end.

%% A process registered as Name that checks it gets {seq, 1} .. {seq, N} in that order.
counter(Name, N) ->
    Parent = self(),
    Pid = spawn(fun() -> register(Name, self()), Parent ! {registered, self()}, count(1, N) end),
    receive {registered, Pid} -> Pid after 5000 -> error(counter_timeout) end.

count(I, N) when I > N -> report(ok);
count(I, N) ->
    receive
        {seq, I} -> count(I + 1, N);
        {seq, Other} -> report({out_of_order, I, Other})
    end.

report(Result) -> receive {'$result', From} -> From ! {'$result', Result} end.

%% What counter Name found, or timeout.
result(Name, Timeout) ->
    Name ! {'$result', self()},
    receive {'$result', R} -> R after Timeout -> timeout end.

%% Sends {seq, 1} .. {seq, N} to Dest (a pid or {Name, Node}).
flood(Dest, N) -> flood(Dest, 1, N).
flood(_, I, N) when I > N -> ok;
flood(Dest, I, N) -> Dest ! {seq, I}, flood(Dest, I + 1, N).
