"""What the console says it can do: the `help` a member and the policy team see."""

HELP = """\
As a member:
  cards / list               the open cards and polls
  show N                     card or poll N in full, with its results (if they are shown before close)
  vote N CHOICE              answer card or poll N: the choice's number or its words (vote 1 2, vote 1 partly);
                             vote again to change; on a choose-any poll, again to un-choose
  reply N TEXT               reply in card N's thread; your reply gets a number such as r12
  thread N                   what has been said in card N's thread, each reply with its rN (closed cards too)
  edit rN TEXT / delete rN   change or remove your own reply rN, in this session or a later one
                             (its number stays after a restart; exports call r12 REPLY-0012)
  react N EMOJI              react to card N's post (react 1 👍)
  unreact N EMOJI            take that reaction back
  idea TEXT                  send an idea to the policy team (/idea TEXT works too); you get a reference
  mine / erase               everything recorded from you; erase it (asks you to confirm)
  as NAME                    act as another member (to try it with colleagues)
  staff / member             switch between the policy team and a member
  help / quit                this help; leave (everything is saved)"""

STAFF_HELP = """\
As the policy team (after `staff`):
  authored                   cards and polls ready to publish (from CARDS_DIR)
  publish SLUG               publish one of them to every member channel of every running platform
  poll "Question" "A" "B" [--closes 3d] [--multiple | --rating] [--hidden] [--named]
                             publish a quick poll
  close N                    close card or poll N now; its final result is posted in its thread
  recorded                   totals of everything recorded
  summary                    what we heard this week so far"""
