%% The erl side of SendFlowInteropTest: a sink that checks, for each sender, that its sequence
%% numbers arrive in order, and counts them.
-module(peerl_sendflow_test).
-export([start_sink/1, await/3]).

%% Registers Name as a sink of {seq, Id, N, Payload}. For each Id it keeps
%% {Count, Last, Gaps, Back}: messages received, the highest N, the times N skipped past Last + 1
%% (messages lost before it) and the times N was not above Last (reordered or duplicated).
start_sink(Name) ->
    Pid = spawn(fun() -> sink(#{}, 0, none) end),
    register(Name, Pid),
    Pid.

%% Waits until Name has received Total messages in all, or Timeout ms; then
%% {Total, [{Id, Count, Last, Gaps, Back}]} sorted by Id ({timeout, Received, Report} if not).
await(Name, Total, Timeout) ->
    Name ! {await, self(), Total},
    receive
        {sink_report, Report} -> Report
    after Timeout ->
        Name ! {report, self()},
        receive {sink_report, {Received, Report}} -> {timeout, Received, Report} end
    end.

sink(Seen, Total, Waiter) ->
    receive
        {seq, Id, N, _Payload} ->
            {Count, Last, Gaps, Back} = maps:get(Id, Seen, {0, 0, 0, 0}),
            Entry =
                if
                    N =:= Last + 1 -> {Count + 1, N, Gaps, Back};
                    N > Last + 1 -> {Count + 1, N, Gaps + 1, Back};
                    true -> {Count + 1, Last, Gaps, Back + 1}
                end,
            Next = Seen#{Id => Entry},
            sink(Next, Total + 1, answer(Waiter, Next, Total + 1));
        {await, From, Expected} ->
            sink(Seen, Total, answer({From, Expected}, Seen, Total));
        {report, From} ->
            From ! {sink_report, report(Seen, Total)},
            sink(Seen, Total, Waiter)
    end.

answer({From, Expected}, Seen, Total) when Total >= Expected ->
    From ! {sink_report, report(Seen, Total)},
    none;
answer(Waiter, _Seen, _Total) ->
    Waiter.

report(Seen, Total) ->
    {Total, lists:sort([{Id, C, L, G, B} || {Id, {C, L, G, B}} <- maps:to_list(Seen)])}.
