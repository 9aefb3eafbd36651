//! Thread switching parks a thread's stack and frame guards with it.

use luatb::function::UpvalState;
use luatb::heap::HeapBackend;
use luatb::value::Value;
use luatb::vm::ThreadState;
use luatb::Lua;
use luatb_guard::Heap;

type V = Value<Heap>;

fn int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

#[test]
fn each_thread_has_its_own_stack_and_guards() {
    let mut h = Heap::new();
    let main = h.main_thread();
    let mut state = ThreadState::default();
    h.grow_stack(8);
    h.enter_frame(1);
    h.enter_frame(4);
    h.set_reg(5, Value::Int(55));

    let co = h.new_thread();
    assert_ne!(co, main);
    h.switch_thread(co, &mut state);
    assert_eq!(h.current_thread(), co);
    assert_eq!(h.stack_size(), 0, "a new thread has an empty stack");
    assert_eq!(h.floor(), 0, "and no frame guard");
    assert_eq!(h.parked_frame_bases(main), [1, 4]);
    h.grow_stack(4);
    h.set_reg(0, Value::Int(7));
    h.enter_frame(1);
    h.set_reg(1, Value::Int(11));

    h.switch_thread(main, &mut state);
    assert_eq!(h.frame_bases(), [1, 4]);
    assert_eq!(h.floor(), 4);
    assert_eq!(int(h.reg(5)), 55);
    assert_eq!(h.parked_frame_bases(co), [1]);

    h.switch_thread(co, &mut state);
    assert_eq!(int(h.reg(0)), 7);
    assert_eq!(int(h.reg(1)), 11);
    h.leave_frame(1);
    h.switch_thread(main, &mut state);
    assert!(h.parked_frame_bases(co).is_empty());
    h.switch_thread(main, &mut state);
    assert_eq!(
        h.current_thread(),
        main,
        "switching to the running thread is a no-op"
    );
}

#[test]
fn the_vm_state_is_parked_with_the_thread() {
    let mut h = Heap::new();
    let co = h.new_thread();
    let mut state = ThreadState::default();
    let before = state.status();
    h.switch_thread(co, &mut state);
    h.switch_thread(h.main_thread(), &mut state);
    assert_eq!(state.status(), before);
    assert_eq!(h.with_thread_state(co, |s| s.status()), before);
}

#[test]
fn open_upvalues_reach_a_parked_stack() {
    let mut h = Heap::new();
    let main = h.main_thread();
    let co = h.new_thread();
    let mut state = ThreadState::default();
    h.switch_thread(co, &mut state);
    h.grow_stack(4);
    h.enter_frame(1);
    h.set_reg(2, Value::Int(1));
    let u = h.new_upval(UpvalState::Open {
        thread: co,
        slot: 2,
    });
    h.switch_thread(main, &mut state);
    // The coroutine is parked inside a frame whose guard is parked too.
    assert_eq!(int(h.upval_get(u)), 1);
    h.upval_set(u, Value::Int(2));
    h.switch_thread(co, &mut state);
    assert_eq!(int(h.reg(2)), 2);
    h.set_reg(2, Value::Int(3));
    h.switch_thread(main, &mut state);
    assert_eq!(int(h.upval_get(u)), 3);
    h.upval_close(u);
    assert_eq!(int(h.upval_get(u)), 3);
}

fn thread_global(lua: &Lua<Heap>, name: &str) -> <Heap as HeapBackend>::Thread {
    match lua.get_global(name) {
        Value::Thread(t) => t,
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn a_suspended_coroutine_keeps_its_guards_and_a_dead_one_drops_them() {
    let mut lua = Lua::<Heap>::new();
    lua.capture_output();
    lua.exec(
        br#"
co = coroutine.create(function(a)
  local function inner(b) local c = coroutine.yield(a + b) return c * 2 end
  local r = inner(a * 10)
  return r
end)
done = coroutine.create(function() return 1 end)
print(coroutine.resume(co, 1))
print(coroutine.resume(done))
"#,
        "=t",
    )
    .unwrap();
    let heap = &lua.vm.heap;
    let co = thread_global(&lua, "co");
    let bases = heap.parked_frame_bases(co);
    assert_eq!(bases.len(), 2, "body and inner are waiting: {bases:?}");
    assert!(bases[0] < bases[1]);
    assert!(heap
        .parked_frame_bases(thread_global(&lua, "done"))
        .is_empty());
    assert!(heap.frame_bases().is_empty(), "the main chunk has returned");

    lua.exec(
        b"print(coroutine.resume(co, 4)) print(coroutine.status(co))",
        "=t",
    )
    .unwrap();
    assert!(lua.vm.heap.parked_frame_bases(co).is_empty());

    lua.exec(
        b"co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co)",
        "=t",
    )
    .unwrap();
    let co = thread_global(&lua, "co");
    assert_eq!(lua.vm.heap.parked_frame_bases(co).len(), 1);
    lua.exec(b"print(coroutine.close(co))", "=t").unwrap();
    assert!(
        lua.vm.heap.parked_frame_bases(co).is_empty(),
        "closing drops the guards of frames that never returned"
    );
    let out = String::from_utf8(lua.take_output()).unwrap();
    assert_eq!(out, "true\t11\ntrue\t1\ntrue\t8\ndead\ntrue\n");
    assert!(lua.vm.heap.is_released());
}
