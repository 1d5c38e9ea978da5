import { JoinForm } from "@/components/gameday/join-form";

export default function JoinPage() {
  return <JoinForm />;
}
