# Sample 2, the Elixir side: calls the Java gen_server kv.
#   elixir --sname ex --cookie COOKIE samples/src/main/elixir/kv_client.exs JAVA_NODE
[java_node] = System.argv()
kv = {:kv, String.to_atom(java_node)}

:ok = GenServer.call(kv, {:put, :elixir, "calls from iex"})
{:ok, value} = GenServer.call(kv, {:get, :elixir})
IO.puts("elixir got #{inspect(value)}")
IO.puts("keys: #{inspect(Enum.sort(GenServer.call(kv, :keys)))}")
