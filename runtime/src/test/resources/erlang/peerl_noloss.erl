%% The erl side of the no-loss tests: senders of sequenced messages and receivers that check them.
%%
%% A sender sends {sender, self(), Id}, then {seq, Id, N} for N = 1..Count, then {seq_end, Id, Count},
%% never more than Window messages ahead of the receiver's acknowledgements {ack, Id, Distinct}.
%% A receiver checks its sender's sequence as it arrives (every N once, in order), acknowledges
%% every Ack distinct messages and, at seq_end, answers {ack_end, Id, Distinct} and reports to Report:
%% {noloss_report, Id, Received, Distinct, Reordered, Duplicates, Foreign, Micros}.
-module(peerl_noloss).
-export([receivers/4, senders/3]).

-record(r, {report, id, sender, count, ack, seen, next = 1, received = 0, distinct = 0,
            reordered = 0, duplicates = 0, foreign = 0, started}).

%% N receivers with ids 1..N, each expecting Count messages; their pids in order.
receivers(Report, N, Count, Ack) ->
    [spawn(fun() -> receiver(Report, Id, Count, Ack) end) || Id <- lists:seq(1, N)].

%% One sender per receiver pid, with ids 1..length(Receivers); their pids.
senders(Receivers, Count, Window) ->
    Ids = lists:seq(1, length(Receivers)),
    [spawn(fun() -> sender(R, Id, Count, Window) end) || {R, Id} <- lists:zip(Receivers, Ids)].

sender(Receiver, Id, Count, Window) ->
    Receiver ! {sender, self(), Id},
    send(Receiver, Id, 1, Count, Window, 0).

send(Receiver, Id, N, Count, _Window, _Acked) when N > Count ->
    Receiver ! {seq_end, Id, Count};
send(Receiver, Id, N, Count, Window, Acked) when N - 1 - Acked >= Window ->
    receive
        {ack, Id, Distinct} -> send(Receiver, Id, N, Count, Window, max(Acked, Distinct))
    after 60000 ->
        exit({no_ack, Id, N, Acked})
    end;
send(Receiver, Id, N, Count, Window, Acked) ->
    Receiver ! {seq, Id, N},
    send(Receiver, Id, N + 1, Count, Window, Acked).

receiver(Report, Id, Count, Ack) ->
    receive
        {sender, Sender, Id} ->
            %% One bit per sequence number, 32 to a word (small integers).
            Seen = atomics:new(Count div 32 + 1, [{signed, false}]),
            receiving(#r{report = Report, id = Id, sender = Sender, count = Count, ack = Ack,
                         seen = Seen, started = erlang:monotonic_time(microsecond)})
    end.

receiving(#r{id = Id} = R) ->
    receive
        {seq, Id, N} when is_integer(N), N >= 1, N =< R#r.count ->
            receiving(acknowledge(check(N, R#r{received = R#r.received + 1})));
        {seq_end, Id, _Count} ->
            Micros = erlang:monotonic_time(microsecond) - R#r.started,
            R#r.sender ! {ack_end, Id, R#r.distinct},
            R#r.report ! {noloss_report, Id, R#r.received, R#r.distinct, R#r.reordered,
                          R#r.duplicates, R#r.foreign, Micros};
        _Other ->
            receiving(R#r{foreign = R#r.foreign + 1})
    end.

%% N is the next one, a later one (the ones between are missing so far: a gap), an earlier one
%% not seen yet (it arrived out of order) or one seen already (a duplicate).
check(N, #r{seen = Seen, next = Next} = R) ->
    Word = N div 32 + 1,
    Bit = 1 bsl (N rem 32),
    Old = atomics:get(Seen, Word),
    if
        Old band Bit =/= 0 ->
            R#r{duplicates = R#r.duplicates + 1};
        true ->
            atomics:put(Seen, Word, Old bor Bit),
            Reordered = case N < Next of true -> R#r.reordered + 1; false -> R#r.reordered end,
            R#r{distinct = R#r.distinct + 1, next = max(Next, N + 1), reordered = Reordered}
    end.

acknowledge(#r{distinct = D, ack = Ack} = R) when D rem Ack =:= 0, D > 0 ->
    R#r.sender ! {ack, R#r.id, D},
    R;
acknowledge(R) ->
    R.
